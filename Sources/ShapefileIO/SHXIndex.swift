import Foundation

extension SHPStructure {
    /// A .shx for the records walked: the .shp's 100-byte header with the index's own length,
    /// then one (offset, content length) entry per record, both in 16-bit words, big-endian.
    ///
    /// Written by us rather than by shapelib's `SHPRestoreSHX`, which leaks its 100-byte header
    /// buffer on every call that fails (found by fuzzing, Tests/Fuzz/FuzzShapefile.swift) and
    /// would re-read a .shp whose records we have already checked.
    func shxBytes(shpHeader: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8](shpHeader.prefix(100))
        func putBE(_ v: Int, at o: Int) {
            let u = UInt32(truncatingIfNeeded: v)
            out[o] = UInt8(u >> 24); out[o + 1] = UInt8((u >> 16) & 0xFF); out[o + 2] = UInt8((u >> 8) & 0xFF); out[o + 3] = UInt8(u & 0xFF)
        }
        putBE((100 + 8 * records.count) / 2, at: 24)
        out.reserveCapacity(100 + 8 * records.count)
        for r in records {
            out += [0, 0, 0, 0, 0, 0, 0, 0]
            putBE(r.offset / 2, at: out.count - 8)
            putBE(r.contentLength / 2, at: out.count - 4)
        }
        return out
    }
}
