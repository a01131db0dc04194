import Foundation
import CGDAL
import Domain
import ShapefileIO
import Tables

/// An Excel workbook (.xlsx) sheet read as a table, with the CSV reader's semantics: GDAL/OGR
/// gives every cell as text (no header guessing, no type guessing: `HEADERS=DISABLE`,
/// `FIELD_TYPES=STRING`), the rows become one CSV line each, and the CSV reader does the rest
/// (header, the HXL hashtag row, ragged rows, the manifest's `numbers`, `date`, `decimal` and
/// `missing`). Line N of every message is row N of the sheet. A line break inside a cell is read
/// as a space (a table cell names or counts something; the break is layout), so that lines and
/// rows stay the same numbers.
public struct WorkbookReader {
    public var maxBytes: Int
    public init(maxBytes: Int = CSVOptions.defaultMaxBytes) { self.maxBytes = maxBytes }

    /// The sheets of a workbook, in order.
    public static func sheets(path: String) throws -> [String] {
        try OGRDataset(path: path, driver: "XLSX", format: "Excel workbook (.xlsx)",
                       openOptions: ["HEADERS=DISABLE", "FIELD_TYPES=STRING"]).layerNames
    }

    public func read(path: String, sheet wanted: String?, options: CSVOptions = CSVOptions()) throws -> Table {
        let here = SourceLocation(file: path)
        let size = try InputFile.checkRegular(path: path, role: "Excel workbook")
        guard size <= maxBytes else {
            throw TargetingError("the Excel workbook is \(size) bytes, over the limit of \(maxBytes)", at: here,
                                 hint: "check that this is the intended file; a larger table must be split (by year or province) before targeting reads it")
        }
        let dataset = try OGRDataset(path: path, driver: "XLSX", format: "Excel workbook (.xlsx)",
                                     openOptions: ["HEADERS=DISABLE", "FIELD_TYPES=STRING"])
        let name = try LayerChoice.choose(wanted, among: dataset.layerNames, kind: "sheet", path: path)
        guard let layer = dataset.layer(named: name), let definition = OGR_L_GetLayerDefn(layer) else {
            throw TargetingError("GDAL could not open the sheet \"\(name)\"", at: here)
        }
        let columns = OGR_FD_GetFieldCount(definition)
        var csv: [UInt8] = []
        var row = 0
        OGR_L_ResetReading(layer)
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            // The FID is the sheet row (1-based); rows GDAL skips (empty ones) stay empty lines.
            let fid = Int(OGR_F_GetFID(feature))
            let target = fid > row ? fid : row + 1
            while row + 1 < target { csv.append(10); row += 1 }
            row += 1
            for c in 0..<columns {
                if c > 0 { csv.append(UInt8(ascii: ",")) }
                guard OGR_F_IsFieldSetAndNotNull(feature, c) != 0, let raw = OGR_F_GetFieldAsString(feature, c) else { continue }
                append(cell: raw, to: &csv)
            }
            csv.append(10)
            guard csv.count <= maxBytes else {
                throw TargetingError("the sheet \"\(name)\" holds more than \(maxBytes) bytes of text, the limit", at: here,
                                     hint: "a larger table must be split (by year or province) before targeting reads it")
            }
        }
        var o = options
        o.delimiter = UInt8(ascii: ",")
        // A workbook's text is Unicode by the format: UTF-8 as GDAL gives it, not "set explicitly".
        o.encoding = .utf8
        o.encodingSource = .formatDefined
        return try CSVReader.parse(bytes: csv, path: path, options: o)
    }

    /// One cell, quoted as RFC 4180 wants when it holds a comma or a quote; line breaks read as spaces.
    private func append(cell raw: UnsafePointer<CChar>, to csv: inout [UInt8]) {
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw))
        let quoted = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if quoted { csv.append(UInt8(ascii: "\"")) }
        var previousCR = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): csv.append(b); csv.append(b)
            case 13: csv.append(32)
            case 10: if !previousCR { csv.append(32) }
            default: csv.append(b)
            }
            previousCR = b == 13
        }
        if quoted { csv.append(UInt8(ascii: "\"")) }
    }
}
