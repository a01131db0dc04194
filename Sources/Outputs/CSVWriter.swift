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

    /// The field as a CSV cell (RFC 4180): quoted when it holds a comma, quote, LF or CR byte,
    /// its quotes doubled. Decided on bytes, not characters: a reader splits on bytes, and a
    /// search by characters reads "\r\n", or a comma or quote carrying a combining accent, as one
    /// character that is none of them, and left such fields unquoted (a broken row).
    public static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return field }
        var bytes: [UInt8] = [34]
        bytes.reserveCapacity(field.utf8.count + 8)
        for b in field.utf8 {
            bytes.append(b)
            if b == 34 { bytes.append(34) }
        }
        bytes.append(34)
        return String(decoding: bytes, as: UTF8.self)
    }

    public func write(to path: String) throws { try AtomicFile.write(text, to: path) }
}

import Foundation
