import Domain

/// The code page a DBF's text is decoded from: one of our own tables (`TextEncoding`, also used
/// for writing), or any other that the system's iconv knows.
enum DBFCodePage {
    case table(TextEncoding)
    case iconv(IconvCodePage)

    var name: String {
        switch self {
        case .table(let e): return e.rawValue
        case .iconv(let c): return c.name
        }
    }

    func decode<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        switch self {
        case .table(let e): return e.decode(bytes)
        case .iconv(let c): return c.decode(bytes)
        }
    }

    /// A `.cpg` file's name: our tables first (same names as before), then iconv.
    init?(codePageName: String) {
        if let e = TextEncoding(codePageName: codePageName) { self = .table(e); return }
        guard let c = IconvCodePage(codePageName: codePageName) else { return nil }
        self = .iconv(c)
    }
}
