import Domain

/// A CSV file as read: its header, the HXL tag of each column (when the file had a hashtag row),
/// and the raw text of every accepted row with the physical line it starts on. Cells are kept as
/// byte ranges into the file and decoded on access, so that a million-row ACLED export costs one
/// pass and no per-cell allocation until a column is actually used.
public struct Table: Sendable {
    /// The path as given by the caller; every diagnostic cites it.
    public let path: String
    public let encoding: EncodingChoice
    public let delimiter: UInt8
    /// Column names from the header line, trimmed of surrounding spaces.
    public let header: [String]
    /// The HXL tag of each column, or nil; all nil when there was no hashtag row.
    public let tags: [HXLTag?]
    /// The line of the hashtag row (removed from the data), when there was one.
    public let hashtagRowLine: Int?
    /// Ragged rows and unreadable quoting (rejected rows), and hashtag-row cells that are not tags.
    public let diagnostics: [Diagnostic]
    /// Rows rejected while reading (ragged, bad quoting): counted here, each one in `diagnostics`.
    public let rejectedRowCount: Int
    /// Lines holding nothing at all; they carry no data and are skipped.
    public let blankLineCount: Int

    let bytes: FileBytes
    /// Each row's first line: a file of at most `CSVOptions.hardMaxBytes` bytes has fewer lines
    /// than `UInt32` counts, and four bytes a row instead of eight are 4 MB less for a million rows.
    let rowLines: [UInt32]
    /// Flat, row-major: cell (r, c) is at r * columnCount + c. The top bit of an end marks a
    /// quoted cell that holds doubled quotes or carriage returns and must be unescaped.
    let cellStarts: [UInt32]
    let cellEnds: [UInt32]

    init(path: String, encoding: EncodingChoice, delimiter: UInt8, header: [String], tags: [HXLTag?],
         hashtagRowLine: Int?, diagnostics: [Diagnostic], rejectedRowCount: Int, blankLineCount: Int,
         bytes: FileBytes, rowLines: [UInt32], cellStarts: [UInt32], cellEnds: [UInt32]) {
        self.path = path; self.encoding = encoding; self.delimiter = delimiter; self.header = header
        self.tags = tags; self.hashtagRowLine = hashtagRowLine; self.diagnostics = diagnostics
        self.rejectedRowCount = rejectedRowCount; self.blankLineCount = blankLineCount; self.bytes = bytes
        self.rowLines = rowLines; self.cellStarts = cellStarts; self.cellEnds = cellEnds
    }

    /// The bytes the table was parsed from: for a table read by `CSVReader.read(path:)`, the
    /// file as read or mapped (the project loader hashes them for the run manifest rather than
    /// read the file a second time, and checks the file was not written to meanwhile).
    public var sourceBytes: FileBytes { bytes }

    public var columnCount: Int { header.count }
    /// Accepted data rows (the hashtag row and rejected rows excluded).
    public var rowCount: Int { rowLines.count }
    public var hasHashtagRow: Bool { hashtagRowLine != nil }

    /// The physical line (1-based, header = line 1 when the file starts with it) where row `row` starts.
    public func line(ofRow row: Int) -> Int { Int(rowLines[row]) }

    /// The decoded text of one cell (quotes removed, doubled quotes undone, CRLF inside a quoted cell
    /// read as LF). Row and column must be in range, as for an array.
    public func cell(row: Int, column: Int) -> String {
        let k = row * header.count + column
        return CSVCell.decode(bytes, start: cellStarts[k], end: cellEnds[k], encoding: encoding.encoding)
    }

    /// Whether a cell is empty or only spaces, without decoding it.
    public func cellIsBlank(row: Int, column: Int) -> Bool {
        let k = row * header.count + column
        let s = Int(cellStarts[k]), e = Int(cellEnds[k] & CSVCell.lengthMask)
        return bytes.withUnsafeBufferPointer { Self.isBlank(UnsafeBufferPointer(rebasing: $0[s..<e])) }
    }

    /// Whether a cell's bytes are none but spaces and tabs: one rule for text and typed columns.
    static func isBlank(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        !raw.contains { $0 != 32 && $0 != 9 }
    }

    public func row(_ row: Int) -> [String] { (0..<header.count).map { cell(row: row, column: $0) } }

    /// How a column is named in messages: its header, and its tag when it has one.
    public func displayName(ofColumn c: Int) -> String {
        if let t = tags[c] { return "\(header[c]) (\(t))" }
        return header[c]
    }
}

enum CSVCell {
    static let unescapeFlag: UInt32 = 0x8000_0000
    static let lengthMask: UInt32 = 0x7FFF_FFFF

    static func decode(_ bytes: FileBytes, start: UInt32, end: UInt32, encoding: CodePage) -> String {
        bytes.withUnsafeBufferPointer { decode($0, start: start, end: end, encoding: encoding) }
    }

    static func decode(_ all: UnsafeBufferPointer<UInt8>, start: UInt32, end: UInt32, encoding: CodePage) -> String {
        let s = Int(start), e = Int(end & lengthMask)
        if s == e { return "" }
        return decode(UnsafeBufferPointer(rebasing: all[s..<e]), flagged: end & unescapeFlag != 0, encoding: encoding)
    }

    /// The text of a cell's raw bytes; `flagged` when its end carried `unescapeFlag`.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, flagged: Bool, encoding: CodePage) -> String {
        if raw.isEmpty { return "" }
        return flagged ? text(of: unescape(raw), encoding: encoding) : text(of: raw, encoding: encoding)
    }

    static func text<C: Collection>(of bytes: C, encoding: CodePage) -> String where C.Element == UInt8 {
        // ASCII is the same in every encoding we read and needs no normalisation: the fast path.
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        // UTF-8 made only of characters below U+0300 (lead bytes below 0xCC: Latin-1, Latin
        // Extended) is already NFC, since no such character decomposes or combines; skipping the
        // normalisation pass makes `Kasaï` cells as cheap as ASCII ones.
        if encoding.isUTF8, !bytes.contains(where: { $0 >= 0xCC }) { return String(decoding: bytes, as: UTF8.self) }
        // UTF-8 and iconv's code pages were validated for the whole file before parsing, so nil
        // cannot happen for them; single-byte tables always decode. The fallback only keeps this total.
        return encoding.decode(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// `""` → `"`, CRLF and lone CR → LF.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c == 34, i + 1 < raw.count, raw[i + 1] == 34 { out.append(34); i += 2; continue }
            if c == 13 {
                out.append(10)
                i += (i + 1 < raw.count && raw[i + 1] == 10) ? 2 : 1
                continue
            }
            out.append(c); i += 1
        }
        return out
    }
}
