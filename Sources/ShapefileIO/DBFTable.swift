import Domain

/// A DBF (dBase III) attribute table read by us rather than through shapelib's DBF API: shapelib
/// trusts the header's record count (a flipped bit made a 1.5 KB file claim 4.2 M records and
/// reading hung), parses numbers with the locale-dependent `atof`, and hands out a shared buffer.
/// Here every length is checked against the bytes actually present before anything is read.
struct DBFTable {
    struct Field {
        /// Empty until `decodeNames`, once the encoding is known.
        var name = ""
        let rawName: [UInt8]
        let letter: Character
        let width: Int
        let decimals: Int
        let offset: Int
        var type: FieldType {
            switch letter {
            case "N": return decimals == 0 && width <= 18 ? .integer : .real
            case "F": return .real
            case "L": return .logical
            case "D": return .date
            default: return .text
            }
        }
        var isSupported: Bool { "CNFLD".contains(letter) }
    }

    let path: String
    let bytes: [UInt8]
    let ldid: UInt8
    let headerLength: Int
    let recordLength: Int
    let recordCount: Int
    var fields: [Field] = []
    var warnings: [String] = []

    /// Parses and checks the header; field names are decoded later, once the encoding is known.
    init(path: String, limits: ShapefileLimits) throws {
        self.path = path
        let here = SourceLocation(file: path)
        bytes = try BoundedFile.read(path, limit: limits.maxFileBytes, what: ".dbf")
        guard bytes.count >= 32 else {
            throw TargetingError("the .dbf is \(bytes.count) bytes, shorter than a DBF header (32): the file is truncated",
                                 at: here, hint: "export the layer again")
        }
        ldid = bytes[29]
        recordCount = bytes.u32LE(4)
        headerLength = bytes.u16LE(8)
        recordLength = bytes.u16LE(10)
        guard headerLength >= 33, headerLength <= bytes.count else {
            throw TargetingError("the .dbf header says it is \(headerLength) bytes long, but the file has \(bytes.count) bytes" +
                                 (headerLength < 33 ? " and a header needs at least 33" : ""),
                                 at: here, hint: "the file is truncated or corrupt: export the layer again")
        }
        guard recordCount <= limits.maxRecords else {
            throw TargetingError("the .dbf header claims \(recordCount) records, over the limit of \(limits.maxRecords)", at: here,
                                 hint: "check that this is the intended file; a larger layer must be split (by province, say) before targeting reads it")
        }
        // The record count is checked against the bytes present BEFORE any record is read.
        let needed = headerLength + recordCount * recordLength
        guard needed <= bytes.count else {
            let fit = recordLength > 0 ? (bytes.count - headerLength) / recordLength : 0
            throw TargetingError("the .dbf header claims \(recordCount) records of \(recordLength) bytes (\(needed) bytes with the header), " +
                                 "but the file has \(bytes.count) bytes: room for \(fit) records",
                                 at: here, hint: "the header or the file is corrupt (truncated copy?): export the layer again")
        }
        let slack = bytes.count - needed
        if slack > 1 {
            warnings.append("the .dbf has \(slack) bytes after its \(recordCount) records (the header's count may be too low); they were ignored")
        }

        var o = 32, start = 1
        while o + 32 <= headerLength, bytes[o] != 0x0D {
            let raw = Array(bytes[o..<(o + 11)].prefix { $0 != 0 })
            let width = Int(bytes[o + 16])
            fields.append(Field(rawName: raw, letter: Character(Unicode.Scalar(bytes[o + 11])),
                                width: width, decimals: Int(bytes[o + 17]), offset: start))
            start += width
            o += 32
        }
        guard !fields.isEmpty else {
            throw TargetingError("the .dbf declares no fields", at: here, hint: "the file is corrupt: export the layer again")
        }
        guard start <= recordLength else {
            throw TargetingError("the .dbf fields need \(start) bytes per record but the header says records are \(recordLength) bytes",
                                 at: here, hint: "the header is corrupt: export the layer again")
        }
        if start < recordLength {
            warnings.append("the .dbf records are \(recordLength) bytes but the fields use \(start); the rest of each record was ignored")
        }
    }

    /// Every byte of every text field and name: what encoding guessing looks at.
    func textBytes() -> [UInt8] {
        var out: [UInt8] = []
        for f in fields { out += f.rawName; out.append(0x20) }
        for r in 0..<recordCount {
            for f in fields where f.letter == "C" { out += raw(record: r, field: f); out.append(0x20) }
        }
        return out
    }

    func raw(record r: Int, field f: Field) -> ArraySlice<UInt8> {
        let base = headerLength + r * recordLength + f.offset
        return bytes[base..<(base + f.width)]
    }

    func isDeleted(record r: Int) -> Bool { bytes[headerLength + r * recordLength] == UInt8(ascii: "*") }

    mutating func decodeNames(_ encoding: CodePage) {
        for k in fields.indices {
            let raw = fields[k].rawName
            fields[k].name = (encoding.decode(raw) ?? TextEncoding.latin1.decode(raw) ?? "").trimmingCharacters(in: .whitespaces)
        }
    }
}

import Foundation
