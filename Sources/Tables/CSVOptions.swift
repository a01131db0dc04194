import Domain

/// How to read a CSV file. The defaults fit what HDX and ACLED publish: comma-separated, text
/// encoding detected from the bytes.
public struct CSVOptions: Sendable {
    /// The field separator, a single ASCII byte: `,` (default), `;` (French Excel), `\t`, `|`.
    public var delimiter: UInt8
    /// The text encoding: any code page of our tables or the system's iconv; nil means "detect":
    /// valid UTF-8 is read as UTF-8, anything else as CP1252 (the superset of Latin-1 that Windows
    /// Excel writes).
    public var encoding: CodePage?
    /// Why `encoding` was set: stated by the caller, or fixed by the format (a workbook).
    public var encodingSource = EncodingSource.stated
    /// Files larger than this are refused before they are read, so a wrong path (a 20 GB raster, a
    /// disk image) fails with a message instead of exhausting memory.
    public var maxBytes: Int

    /// Offsets are stored as 31-bit integers (the top bit flags cells that need unescaping),
    /// so no file beyond 2 GiB can be addressed whatever `maxBytes` says.
    static let hardMaxBytes = Int(Int32.max)
    public static let defaultMaxBytes = 1 << 30

    public init(delimiter: UInt8 = UInt8(ascii: ","), encoding: CodePage? = nil, maxBytes: Int = CSVOptions.defaultMaxBytes) {
        self.delimiter = delimiter; self.encoding = encoding; self.maxBytes = maxBytes
    }

    /// How a delimiter is written in messages and in the manifest.
    public static func spelling(of delimiter: UInt8) -> String {
        delimiter == 9 ? "\\t" : String(UnicodeScalar(delimiter))
    }
}
