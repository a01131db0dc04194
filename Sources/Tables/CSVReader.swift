import Foundation
import Domain

/// Reads CSV as users really get it: RFC 4180 quoting (commas, doubled quotes and line breaks
/// inside quotes), CRLF or LF, UTF-8 with or without BOM or CP1252/Latin-1, a configurable
/// delimiter, and an optional HXL hashtag row under the header. Rows whose field count differs
/// from the header's are rejected and reported with their line, never dropped silently.
public enum CSVReader {
    /// Reads a file. Errors (missing file, too large, UTF-16, unterminated quote, wrong delimiter)
    /// are thrown as `TargetingError` citing `path:line`.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Table {
        let limit = min(options.maxBytes, CSVOptions.hardMaxBytes)
        // The size is the link target's, checked before any byte is read; pipes and folders are refused.
        // Mapped when large (see `FileBytes`): no copy of the file, no fresh memory for it.
        let bytes = try InputFile.bytes(path: path, role: "CSV table", limit: limit) { sizeError(path: path, size: $0, limit: limit) }
        return try parse(bytes: bytes, path: path, options: options)
    }

    /// Parses bytes already in memory; `path` is only used in messages.
    public static func parse(bytes: [UInt8], path: String, options: CSVOptions = CSVOptions()) throws -> Table {
        try parse(bytes: FileBytes(bytes), path: path, options: options)
    }

    /// Parses a file's bytes (read or mapped); `path` is only used in messages. A mapped file
    /// another program changed meanwhile is reported as changed, whatever its bytes broke (cut
    /// short, its last page reads as zero bytes past the new end: "binary data").
    public static func parse(bytes: FileBytes, path: String, options: CSVOptions = CSVOptions()) throws -> Table {
        do { return try parseBytes(bytes, path: path, options: options) } catch { throw bytes.explaining(error) }
    }

    private static func parseBytes(_ bytes: FileBytes, path: String, options: CSVOptions) throws -> Table {
        let limit = min(options.maxBytes, CSVOptions.hardMaxBytes)
        if bytes.count > limit { throw sizeError(path: path, size: bytes.count, limit: limit) }
        let (choice, bodyStart) = try bytes.withUnsafeBufferPointer {
            try EncodingDetection.choose($0, requested: options.encoding, source: options.encodingSource, path: path)
        }
        let zero = bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, b.count > bodyStart, let hit = memchr(base + bodyStart, 0, b.count - bodyStart) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
        if let zero { throw binaryError(path: path, bytes: bytes, zeroAt: zero) }
        let chunking = ChunkedCSVParse(parser: CSVRecordParser(delimiter: options.delimiter))
        // Most tables have no row to reject: read straight into the table's arrays. Any other is
        // read by the general path, which reports every rejected row (and every error).
        if let table = ConformingRows.table(bytes: bytes, from: bodyStart, path: path, encoding: choice, delimiter: options.delimiter,
                                            chunking: chunking) {
            return table
        }
        let pieces = try bytes.withUnsafeBufferPointer { try chunking.pieces($0, from: bodyStart, path: path) }
        return try TableAssembler.assemble(path: path, bytes: bytes, encoding: choice, delimiter: options.delimiter, pieces: pieces)
    }

    /// No text table holds a zero byte: this is some other file (an image, an archive, a
    /// database), or UTF-16 without its byte order mark. Its content is not echoed.
    static func binaryError(path: String, bytes: FileBytes, zeroAt offset: Int) -> TargetingError {
        let line = 1 + bytes[..<offset].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        return TargetingError("not a CSV table: the file holds binary data (a zero byte at offset \(offset), line \(line))",
                              at: SourceLocation(file: path, line: line),
                              hint: "check that the path names the intended table; a table saved as UTF-16 without a byte order mark must be saved again as UTF-8")
    }

    static func sizeError(path: String, size: Int, limit: Int) -> TargetingError {
        TargetingError("the file is \(size) bytes, more than the limit of \(limit) bytes for a CSV table",
                       at: SourceLocation(file: path),
                       hint: "check that this is the intended file; a larger table must be split (by year or province) before targeting reads it")
    }
}

/// The raw output of one pass over the bytes: every record's start line and field ranges.
struct ParsedRecords {
    /// Per record: its first line, the index of its first field in `starts`/`ends`, its field
    /// count, and the line where it ends (to tell a record that spans lines through quotes).
    var lines: [Int] = []
    var endLines: [Int] = []
    var firstField: [Int] = []
    var fieldCounts: [Int] = []
    /// Records where text follows a closing quote (`"abc"def`): the field index, else -1.
    var badQuoteField: [Int] = []
    var starts: [UInt32] = []
    var ends: [UInt32] = []
    var blankLines = 0
    /// Where parsing stopped: the offset of the next record's first byte (or the file's end) and its line.
    var end = 0
    var endLine = 1
}

/// Where the parser puts what it finds: each field of a record as it is read, then the record.
/// Either call may answer false to stop the parse right there (`ParsedRecords` never does; the
/// in-place reading of `ConformingRows` does at a row it cannot take).
protocol RecordSink {
    mutating func addField(start: UInt32, end: UInt32) -> Bool
    mutating func endRecord(line: Int, endLine: Int, fieldCount: Int, badQuoteField: Int) -> Bool
}

extension ParsedRecords: RecordSink {
    @inline(__always) mutating func addField(start: UInt32, end: UInt32) -> Bool {
        starts.append(start); ends.append(end)
        return true
    }

    @inline(__always) mutating func endRecord(line: Int, endLine: Int, fieldCount: Int, badQuoteField: Int) -> Bool {
        lines.append(line)
        endLines.append(endLine)
        firstField.append(starts.count - fieldCount)
        fieldCounts.append(fieldCount)
        self.badQuoteField.append(badQuoteField)
        return true
    }
}

/// Where a parse into a `RecordSink` ended: the offset of the next record's first byte (or the
/// file's end) and its line, the blank lines passed, and whether the sink stopped it.
struct ParseEnd {
    var end: Int
    var endLine: Int
    var blankLines: Int
    var stopped: Bool
}

/// The byte-level state machine. Separators, quotes and line breaks are ASCII, and no byte of a
/// multi-byte UTF-8 sequence or of a CP1252 character is below 0x80, so splitting before decoding
/// is safe for every encoding we read.
struct CSVRecordParser {
    let delimiter: UInt8
    static let quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13

    mutating func parse(_ b: UnsafeBufferPointer<UInt8>, from bodyStart: Int, path: String) throws -> ParsedRecords {
        try parse(b, from: bodyStart, line: 1, stopAt: b.count, path: path)
    }

    /// Parses the records that begin at or after `start` (on line `firstLine`) and before `stopAt`;
    /// the last one may run past `stopAt` (a quoted line break). `end` and `endLine` of the result
    /// say where the next record begins. Starting anywhere but at a record's first byte gives
    /// records that a parse from the file's start would not (see `ChunkedCSVParse`).
    func parse(_ b: UnsafeBufferPointer<UInt8>, from start: Int, line firstLine: Int, stopAt: Int, path: String) throws -> ParsedRecords {
        var out = ParsedRecords()
        let end = try parse(b, from: start, line: firstLine, stopAt: stopAt, path: path, into: &out)
        out.blankLines = end.blankLines
        out.end = end.end
        out.endLine = end.endLine
        return out
    }

    /// The same parse, each field and record handed to `out` as it is read. When `out` stops it,
    /// `end` is the offset just past what was read (after the record, when it was a record's end).
    func parse<Sink: RecordSink>(_ b: UnsafeBufferPointer<UInt8>, from start: Int, line firstLine: Int, stopAt: Int, path: String,
                                 into out: inout Sink) throws -> ParseEnd {
        let n = b.count
        let quote = CSVRecordParser.quote, lf = CSVRecordParser.lf, cr = CSVRecordParser.cr
        let delim = delimiter
        var i = start
        var line = firstLine
        var blankLines = 0
        while i < min(n, stopAt) {
            // A line with nothing on it is not a record.
            if b[i] == lf { line += 1; blankLines += 1; i += 1; continue }
            if b[i] == cr { line += 1; blankLines += 1; i += (i + 1 < n && b[i + 1] == lf) ? 2 : 1; continue }
            let recordLine = line
            var fieldCount = 0
            var badQuote = -1
            while true {
                if i < n && b[i] == quote {
                    let fieldLine = line
                    i += 1
                    let s = i
                    var needsUnescape = false
                    var closed = false
                    while i < n {
                        // Bytes other than a quote or a line break are skipped a word at a time.
                        i = skipBytes(b, from: i, until: (quote, lf, cr))
                        guard i < n else { break }
                        let c = b[i]
                        if c == quote {
                            if i + 1 < n && b[i + 1] == quote { needsUnescape = true; i += 2; continue }
                            closed = true; break
                        }
                        if c == lf { line += 1 } else if c == cr {
                            needsUnescape = true
                            if !(i + 1 < n && b[i + 1] == lf) { line += 1 }
                        }
                        i += 1
                    }
                    if !closed {
                        throw TargetingError("a quoted field opened on line \(fieldLine) (field \(fieldCount + 1) of the record starting on line \(recordLine)) is never closed: the file ends inside it",
                                             at: SourceLocation(file: path, line: fieldLine),
                                             hint: "add the missing closing quote (\") or double a quote that belongs to the text (\"\")")
                    }
                    let e = i
                    i += 1
                    fieldCount += 1
                    guard out.addField(start: UInt32(s), end: UInt32(e) | (needsUnescape ? CSVCell.unescapeFlag : 0)) else {
                        return ParseEnd(end: i, endLine: line, blankLines: blankLines, stopped: true)
                    }
                    if i < n, b[i] != delim, b[i] != lf, b[i] != cr {
                        if badQuote < 0 { badQuote = fieldCount - 1 }
                        while i < n, b[i] != delim, b[i] != lf, b[i] != cr { i += 1 }
                    }
                } else {
                    let s = i
                    i = skipBytes(b, from: i, until: (delim, lf, cr))
                    while i < n {
                        let c = b[i]
                        if c == delim || c == lf || c == cr { break }
                        i += 1
                    }
                    fieldCount += 1
                    guard out.addField(start: UInt32(s), end: UInt32(i)) else {
                        return ParseEnd(end: i, endLine: line, blankLines: blankLines, stopped: true)
                    }
                }
                if i >= n { break }
                let c = b[i]
                if c == delim {
                    i += 1
                    if i >= n {
                        fieldCount += 1
                        guard out.addField(start: UInt32(i), end: UInt32(i)) else {
                            return ParseEnd(end: i, endLine: line, blankLines: blankLines, stopped: true)
                        }
                        break
                    }
                    continue
                }
                i += (c == cr && i + 1 < n && b[i + 1] == lf) ? 2 : 1
                line += 1
                break
            }
            // The line a record ends on: `line` has already moved past its line break.
            let endLine = i >= n && (n == 0 || (b[n - 1] != lf && b[n - 1] != cr)) ? line : line - 1
            guard out.endRecord(line: recordLine, endLine: endLine, fieldCount: fieldCount, badQuoteField: badQuote) else {
                return ParseEnd(end: i, endLine: line, blankLines: blankLines, stopped: true)
            }
        }
        return ParseEnd(end: i, endLine: line, blankLines: blankLines, stopped: false)
    }

    /// The offset of the first of the three `targets` bytes at or after `start` when an eight-byte
    /// word holds it, else where the whole words end: a field's text is skipped eight bytes at a
    /// time, and the byte-by-byte scan that follows goes on from there.
    @inline(__always) func skipBytes(_ b: UnsafeBufferPointer<UInt8>, from start: Int, until targets: (UInt8, UInt8, UInt8)) -> Int {
        guard let base = b.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let first = ones &* UInt64(targets.0), second = ones &* UInt64(targets.1), third = ones &* UInt64(targets.2)
        // High bit set in each byte of `x` that is zero (any false mark lies above a true one).
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & 0x8080_8080_8080_8080 }
        var i = start
        while b.count - i >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let hits = zeroBytes(word ^ first) | zeroBytes(word ^ second) | zeroBytes(word ^ third)
            if hits != 0 { return i + (hits.trailingZeroBitCount >> 3) }
            i += 8
        }
        return i
    }
}
