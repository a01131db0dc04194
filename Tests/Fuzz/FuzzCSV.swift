// libFuzzer target: the CSV/HXL reader (Tables). Compiled by Scripts/fuzz.sh, not by SwiftPM.
//
// Input: byte 0 picks the delimiter and the encoding (bits 0-1: , ; \t |; bits 2-3: detect, UTF-8,
// CP1252, Latin-1); the rest is the file. The table is parsed, then made into a point layer whose
// schema has numbers, dates, a required column and lon/lat — by header name or by HXL tag, so that
// both paths run. Thrown errors are fine; crashes, sanitizer reports and hangs are defects.
import Foundation
import Domain
import Tables

private let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")]
private let encodings: [CodePage?] = [nil, .utf8, .table(.cp1252), .table(.latin1)]

private let schemas: [TableSchema] = [
    TableSchema(numbers: ["fatalities"], dates: ["event_date"], texts: ["admin1"], required: ["event_id_cnty"],
                longitude: "longitude", latitude: "latitude"),
    TableSchema(numbers: ["#affected+idps+ind", "#affected+returnees+ind"], dates: ["#date+reported"],
                required: ["#adm2+pcode"]),
    TableSchema(numbers: ["a"], dates: ["b"], longitude: "c", latitude: "d"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let mode = Int(data[0])
    let bytes = [UInt8](UnsafeBufferPointer(start: data + 1, count: size - 1))
    let options = CSVOptions(delimiter: delimiters[mode & 3], encoding: encodings[(mode >> 2) & 3], maxBytes: 1 << 20)
    guard let table = try? CSVReader.parse(bytes: bytes, path: "fuzz.csv", options: options) else { return 0 }
    for schema in schemas {
        if let built = try? table.makeLayer(schema) {
            // The documented invariant: every row is accounted for.
            if built.rowsRead != built.rowsKept + built.rowsRejected {
                fatalError("rows read \(built.rowsRead) != kept \(built.rowsKept) + rejected \(built.rowsRejected)")
            }
        }
    }
    return 0
}
