// libFuzzer target: the shapefile reader (ShapefileIO). Compiled by Scripts/fuzz.sh, not by SwiftPM.
//
// Input layout (so one byte string can hold a whole shapefile):
//   byte 0        flags: bit 0 = write a .shx, bit 1 = write a .cpg ("UTF-8"), bit 2 = write a .prj (WGS 84),
//                 bit 3 = keep an unknown CRS as stored (as `inspect` does) instead of refusing it (as `rank` does)
//   bytes 1...4   length of the .shp part (little-endian, taken modulo what is left)
//   bytes 5...8   length of the .shx part (likewise)
//   rest          .shp bytes, then .shx bytes, then the .dbf bytes (whatever remains)
// The files are written to a per-process temporary folder and read with `ShapefileReader().read`.
// Any thrown error is fine (that is bad input reported); a crash, a sanitizer report, a timeout or
// running out of memory is a defect.
import Foundation
import Domain
import ShapefileIO

private let folder: String = {
    let dir = NSTemporaryDirectory() + "fuzz-shapefile-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

private let wgs84 = #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#

private func u32(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
    Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShapefile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 9 else { return 0 }
    let b = UnsafeBufferPointer(start: data, count: size)
    let flags = b[0]
    var rest = size - 9
    let shpLen = rest == 0 ? 0 : u32(b, 1) % (rest + 1); rest -= shpLen
    let shxLen = rest == 0 ? 0 : u32(b, 5) % (rest + 1); rest -= shxLen
    let shp = Data(b[9 ..< 9 + shpLen])
    let shx = Data(b[9 + shpLen ..< 9 + shpLen + shxLen])
    let dbf = Data(b[(9 + shpLen + shxLen)...])
    let base = folder + "/f"
    let fm = FileManager.default
    for ext in [".shp", ".shx", ".dbf", ".cpg", ".prj"] { try? fm.removeItem(atPath: base + ext) }
    _ = fm.createFile(atPath: base + ".shp", contents: shp)
    if flags & 1 != 0 { _ = fm.createFile(atPath: base + ".shx", contents: shx) }
    _ = fm.createFile(atPath: base + ".dbf", contents: dbf)
    if flags & 2 != 0 { _ = fm.createFile(atPath: base + ".cpg", contents: Data("UTF-8".utf8)) }
    if flags & 4 != 0 { _ = fm.createFile(atPath: base + ".prj", contents: Data(wgs84.utf8)) }
    let reader = ShapefileReader(limits: ShapefileLimits(maxFileBytes: 1 << 20, maxRecords: 20_000),
                                 unknownCRS: flags & 8 != 0 ? .keepAsStored : .refuse)
    _ = try? reader.read(path: base + ".shp")
    return 0
}
