import Domain

/// RFC 4180 CSV text: fields quoted only when they hold a comma, quote or line break; LF line
/// ends; numbers written by `Value.format` so the bytes do not depend on the locale.
public struct CSVWriter {
    public private(set) var text = ""

    public init(header: [String]) { appendRow(header) }

    public mutating func appendRow(_ fields: [String]) {
        text += fields.map(CSVWriter.quote).joined(separator: ",")
        text += "\n"
    }

    public mutating func appendRow(_ values: [Value]) {
        appendRow(values.map { $0.text ?? "" })
    }

    /// Writes an HXL hashtag row (HDX convention: directly under the header).
    public mutating func appendHXLRow(_ tags: [String]) { appendRow(tags) }

    public static func quote(_ field: String) -> String {
        // Most fields hold none of these bytes: then no character is one of them either, and the
        // search by characters (grapheme clusters, compared as strings: most of the time of
        // writing priority_list.csv) is skipped. Otherwise it decides, as it always has.
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }),
              field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func write(to path: String) throws { try AtomicFile.write(text, to: path) }
}

import Foundation
