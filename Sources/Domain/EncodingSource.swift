/// How the text encoding of an input file was decided. A GIS officer checks this when names look
/// wrong, so reports word it (`description`); code decides on the case, never on the wording.
public enum EncodingSource: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Named by the caller: the manifest's `encoding` for the layer.
    case stated
    /// Named by the shapefile's `.cpg` file.
    case cpgFile
    /// Named by the `.dbf` header's language driver id (byte 29).
    case languageDriver
    /// A `.dbf` with neither: valid UTF-8 is read as UTF-8, anything else as CP1252.
    case guessed
    /// Fixed by the file format (GeoPackage, GeoJSON, workbook: Unicode, as GDAL gives it).
    case formatDefined
    /// A CSV's UTF-8 byte order mark.
    case byteOrderMark
    /// A CSV with no byte order mark, decided from its bytes.
    case detected(Detection)

    public enum Detection: Hashable, Sendable {
        /// Every byte is ASCII: read as UTF-8.
        case plainASCII
        case validUTF8
        /// The first byte that is not valid UTF-8 and its line: read as Windows CP1252 / Latin-1.
        case notUTF8(byte: UInt8, line: Int)
    }

    /// The wording reports and `inspect` print (and the JSON's `encoding_source`).
    public var description: String {
        switch self {
        case .stated: return "set explicitly"
        case .cpgFile: return "cpg"
        case .languageDriver: return "ldid"
        case .guessed: return "guessed"
        case .formatDefined: return "format"
        case .byteOrderMark: return "UTF-8 byte order mark"
        case .detected(.plainASCII): return "plain ASCII, read as UTF-8"
        case .detected(.validUTF8): return "valid UTF-8"
        case .detected(.notUTF8(let byte, let line)):
            let hex = String(byte, radix: 16, uppercase: true)
            return "not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at line \(line)), read as Windows CP1252 / Latin-1"
        }
    }

    /// Written as its wording, so `inspect --format json` keeps one string per file.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Read back from its wording (`inspect --format json` output).
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        let plain: [EncodingSource] = [.stated, .cpgFile, .languageDriver, .guessed, .formatDefined, .byteOrderMark,
                                       .detected(.plainASCII), .detected(.validUTF8)]
        if let known = plain.first(where: { $0.description == text }) { self = known; return }
        if let found = Self.notUTF8(text) { self = found; return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown encoding source \"\(text)\"")
    }

    private static func notUTF8(_ text: String) -> EncodingSource? {
        let prefix = "not valid UTF-8 (byte 0x", middle = " at line ", suffix = "), read as Windows CP1252 / Latin-1"
        guard text.hasPrefix(prefix), text.hasSuffix(suffix) else { return nil }
        let inner = text.dropFirst(prefix.count).dropLast(suffix.count)
        guard let split = inner.range(of: middle), let byte = UInt8(inner[..<split.lowerBound], radix: 16),
              let line = Int(inner[split.upperBound...]) else { return nil }
        return .detected(.notUTF8(byte: byte, line: line))
    }
}
