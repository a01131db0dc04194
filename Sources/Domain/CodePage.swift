/// The code page a file's text is decoded from: one of our own tables (`TextEncoding`, also used
/// for writing), or any other that the system's iconv knows (`IconvCodePage`: GBK 936, Big5 950,
/// Shift-JIS 932, …). One type for a `.cpg`, a DBF language driver id and the manifest's
/// `encoding`, for DBF and CSV alike.
public enum CodePage: Sendable, Hashable, CustomStringConvertible {
    case table(TextEncoding)
    case iconv(IconvCodePage)

    public static let utf8 = CodePage.table(.utf8)

    /// The name said in reports ("UTF-8", "CP1252", "CP936").
    public var name: String {
        switch self {
        case .table(let e): return e.rawValue
        case .iconv(let c): return c.name
        }
    }
    public var description: String { name }

    public var isUTF8: Bool { self == .utf8 }

    /// Decodes bytes (NFC); nil when they are not valid in this code page.
    public func decode<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        switch self {
        case .table(let e): return e.decode(bytes)
        case .iconv(let c): return c.decode(bytes)
        }
    }

    /// A code page by the name a `.cpg` or the manifest gives it ("UTF-8", "1252", "ANSI 1251",
    /// "CP936", "GBK", "Big5", "windows-1254"…): our tables first (same names as before), then
    /// whatever iconv knows.
    public init?(codePageName: String) {
        if let e = TextEncoding(rawValue: codePageName.uppercased()) ?? TextEncoding(codePageName: codePageName) {
            self = .table(e); return
        }
        guard let c = IconvCodePage(codePageName: codePageName) else { return nil }
        self = .iconv(c)
    }

    public func hash(into h: inout Hasher) { h.combine(name) }

    public static func == (a: CodePage, b: CodePage) -> Bool {
        switch (a, b) {
        case (.table(let x), .table(let y)): return x == y
        case (.iconv(let x), .iconv(let y)): return x.name == y.name
        default: return false
        }
    }
}
