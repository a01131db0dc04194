import Domain

/// Turns parsed records into a `Table`: reads the header, checks the delimiter looks right,
/// recognises an HXL hashtag row, and rejects (with a report) rows of the wrong width.
struct TableAssembler {
    let path: String
    let bytes: FileBytes
    let encoding: EncodingChoice
    let delimiter: UInt8
    let parsed: ParsedRecords

    func text(field k: Int) -> String {
        CSVCell.decode(bytes, start: parsed.starts[k], end: parsed.ends[k], encoding: encoding.encoding)
    }

    func fields(ofRecord r: Int) -> [String] {
        let f = parsed.firstField[r]
        return (0..<parsed.fieldCounts[r]).map { text(field: f + $0) }
    }

    /// What the first records say: the header, the HXL tags and where the data rows begin.
    struct Head {
        var header: [String]
        var tags: [HXLTag?]
        var hashtagLine: Int?
        var firstData: Int
        var diagnostics: [Diagnostic]
    }

    /// Assembles a table from the pieces of a chunked parse (`ChunkedCSVParse.pieces`). When no
    /// row is rejected, the rows are copied straight from the pieces, the first of which holds the
    /// header and hashtag row with the file's own line and field numbers; otherwise (or when the
    /// first piece is too short to hold them) the pieces are joined and assembled as one.
    static func assemble(path: String, bytes: FileBytes, encoding: EncodingChoice, delimiter: UInt8,
                         pieces: [(records: ParsedRecords, lineOffset: Int)]) throws -> Table {
        if pieces.count > 1, pieces[0].records.lines.count >= 2 {
            let first = TableAssembler(path: path, bytes: bytes, encoding: encoding, delimiter: delimiter, parsed: pieces[0].records)
            if let table = first.bulk(try first.head(), pieces: pieces) { return table }
        }
        let whole = pieces.count == 1 ? pieces[0].records : ParsedRecords.joining(pieces)
        return try TableAssembler(path: path, bytes: bytes, encoding: encoding, delimiter: delimiter, parsed: whole).assemble()
    }

    /// The table when every data record of every piece has the header's width and readable
    /// quoting (what `assemble` keeps row by row), else nil.
    func bulk(_ head: Head, pieces: [(records: ParsedRecords, lineOffset: Int)]) -> Table? {
        let width = head.header.count
        func firstRecord(_ k: Int) -> Int { k == 0 ? head.firstData : 0 }
        for (k, piece) in pieces.enumerated() {
            let p = piece.records
            guard (firstRecord(k)..<max(firstRecord(k), p.lines.count)).allSatisfy({ p.fieldCounts[$0] == width && p.badQuoteField[$0] < 0 }) else { return nil }
        }
        var rowLines: [UInt32] = [], starts: [UInt32] = [], ends: [UInt32] = []
        let rows = pieces.enumerated().reduce(0) { $0 + max(0, $1.element.records.lines.count - firstRecord($1.offset)) }
        rowLines.reserveCapacity(rows)
        starts.reserveCapacity(rows * width)
        ends.reserveCapacity(rows * width)
        for (k, piece) in pieces.enumerated() {
            let p = piece.records, offset = piece.lineOffset
            guard firstRecord(k) < p.lines.count else { continue }
            rowLines.append(contentsOf: p.lines[firstRecord(k)...].lazy.map { UInt32($0 + offset) })
            let firstField = p.firstField[firstRecord(k)]
            starts.append(contentsOf: p.starts[firstField...])
            ends.append(contentsOf: p.ends[firstField...])
        }
        return Table(path: path, encoding: encoding, delimiter: delimiter, header: head.header, tags: head.tags, hashtagRowLine: head.hashtagLine,
                     diagnostics: head.diagnostics, rejectedRowCount: 0, blankLineCount: pieces.reduce(0) { $0 + $1.records.blankLines },
                     bytes: bytes, rowLines: rowLines, cellStarts: starts, cellEnds: ends)
    }

    func head() throws -> Head {
        guard !parsed.lines.isEmpty else {
            throw TargetingError("the file is empty: no header line", at: SourceLocation(file: path, line: 1),
                                 hint: "a CSV table needs a header line naming its columns")
        }
        let header = fields(ofRecord: 0).map { $0.trimmingCharacters(in: .whitespaces) }
        if header.count == 1 { try checkDelimiter(header: header[0]) }
        let width = header.count
        var diagnostics: [Diagnostic] = []
        if let dup = duplicateHeader(header) {
            diagnostics.append(Diagnostic(.warning, SourceLocation(file: path, line: parsed.lines[0]), code: .duplicateColumn,
                                          "column name '\(dup)' appears more than once in the header; lookups by name use the first",
                                          hint: "rename one of the columns"))
        }

        var firstData = 1
        var tags = [HXLTag?](repeating: nil, count: width)
        var hashtagLine: Int?
        // The hashtag row may be shorter than the header (spreadsheets drop trailing empty cells).
        if parsed.lines.count > 1, let found = hashtagRow(fields(ofRecord: 1), width: width) {
            tags = found.tags
            hashtagLine = parsed.lines[1]
            firstData = 2
            for (c, cellText) in found.notTags {
                diagnostics.append(Diagnostic(.warning, SourceLocation(file: path, line: parsed.lines[1]), code: .badHXLTag,
                                              "column '\(header[c])': '\(cellText)' in the hashtag row is not an HXL tag; the column has no tag",
                                              hint: "HXL tags look like #affected+idps+ind"))
            }
        }

        return Head(header: header, tags: tags, hashtagLine: hashtagLine, firstData: firstData, diagnostics: diagnostics)
    }

    func assemble() throws -> Table {
        let head = try head()
        let header = head.header, tags = head.tags, hashtagLine = head.hashtagLine, width = header.count
        var diagnostics = head.diagnostics
        // Most files have no row to reject: their rows are the parsed records as they are, copied
        // in bulk. Otherwise each record is checked (and kept or reported) below.
        let records = head.firstData..<max(head.firstData, parsed.lines.count)
        if records.allSatisfy({ parsed.fieldCounts[$0] == width && parsed.badQuoteField[$0] < 0 }) {
            let firstField = records.isEmpty ? 0 : parsed.firstField[records.lowerBound]
            let fields = firstField..<firstField + records.count * width
            return Table(path: path, encoding: encoding, delimiter: delimiter, header: header, tags: tags, hashtagRowLine: hashtagLine,
                         diagnostics: diagnostics, rejectedRowCount: 0, blankLineCount: parsed.blankLines,
                         bytes: bytes, rowLines: parsed.lines[records].map { UInt32($0) },
                         cellStarts: Array(parsed.starts[fields]), cellEnds: Array(parsed.ends[fields]))
        }
        var rowLines: [UInt32] = []
        var starts: [UInt32] = [], ends: [UInt32] = []
        let dataRecords = records.count
        rowLines.reserveCapacity(dataRecords)
        starts.reserveCapacity(dataRecords * width)
        ends.reserveCapacity(dataRecords * width)
        var rejected = 0
        for r in records {
            let count = parsed.fieldCounts[r], first = parsed.firstField[r], line = parsed.lines[r]
            if parsed.badQuoteField[r] >= 0 {
                rejected += 1
                let f = parsed.badQuoteField[r]
                diagnostics.append(Diagnostic(.warning, SourceLocation(file: path, line: line), code: .badQuote,
                                              "row rejected: text follows the closing quote of field \(f + 1)\(f < width ? " ('\(header[f])')" : "")",
                                              hint: "a quote inside a quoted field must be doubled (\"\"); quote the whole field", rejectsRow: true))
                continue
            }
            // Trailing empty fields beyond the header (Excel's stray trailing commas) carry no data.
            var effective = count
            while effective > width, parsed.starts[first + effective - 1] == parsed.ends[first + effective - 1] & CSVCell.lengthMask {
                effective -= 1
            }
            if effective != width {
                rejected += 1
                diagnostics.append(raggedRow(record: r, fieldCount: effective, width: width))
                continue
            }
            rowLines.append(UInt32(line))
            starts.append(contentsOf: parsed.starts[first..<first + width])
            ends.append(contentsOf: parsed.ends[first..<first + width])
        }
        return Table(path: path, encoding: encoding, delimiter: delimiter, header: header, tags: tags, hashtagRowLine: hashtagLine,
                     diagnostics: diagnostics, rejectedRowCount: rejected, blankLineCount: parsed.blankLines,
                     bytes: bytes, rowLines: rowLines, cellStarts: starts, cellEnds: ends)
    }

    func raggedRow(record r: Int, fieldCount: Int, width: Int) -> Diagnostic {
        let line = parsed.lines[r], endLine = parsed.endLines[r]
        var message = "row rejected: it has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), the header has \(width)"
        var hint = "check for a missing or extra '\(CSVOptions.spelling(of: delimiter))' on this line, or a field with the delimiter that needs quotes"
        if endLine > line {
            message += " (the record runs from line \(line) to line \(endLine) through a quoted field)"
            hint = "a quote is probably missing or unbalanced on line \(line)"
        }
        return Diagnostic(.warning, SourceLocation(file: path, line: line), code: .raggedRow, message, hint: hint, rejectsRow: true)
    }

    /// A header of one column whose text holds another likely separator means the delimiter is wrong.
    func checkDelimiter(header: String) throws {
        let candidates: [UInt8] = [UInt8(ascii: ";"), 9, UInt8(ascii: ","), UInt8(ascii: "|")].filter { $0 != delimiter }
        let f = parsed.firstField[0]
        let s = Int(parsed.starts[f]), e = Int(parsed.ends[f] & CSVCell.lengthMask)
        let raw = bytes[s..<e]
        let counts = candidates.map { c in (c, raw.reduce(0) { $0 + ($1 == c ? 1 : 0) }) }
        if let best = counts.filter({ $0.1 > 0 }).max(by: { $0.1 < $1.1 }) {
            let name = best.0 == 9 ? "tab" : "'\(CSVOptions.spelling(of: best.0))'"
            throw TargetingError("the header has a single column but contains \(best.1) \(name) character\(best.1 == 1 ? "" : "s"): the file looks like \(name)-separated, not '\(CSVOptions.spelling(of: delimiter))'-separated",
                                 at: SourceLocation(file: path, line: parsed.lines[0]),
                                 hint: "set delimiter = \"\(CSVOptions.spelling(of: best.0))\" for this layer")
        }
    }

    func duplicateHeader(_ header: [String]) -> String? {
        var seen = Set<String>()
        for h in header where !h.isEmpty {
            if !seen.insert(h.lowercased()).inserted { return h }
        }
        return nil
    }

    /// A hashtag row: at least one cell is an HXL tag, tags are most of the non-empty cells, and the
    /// rest are empty. Non-empty cells that are not tags are returned to be reported.
    func hashtagRow(_ cells: [String], width: Int) -> (tags: [HXLTag?], notTags: [(Int, String)])? {
        var tags = [HXLTag?](repeating: nil, count: width)
        var notTags: [(Int, String)] = []
        var tagged = 0
        for (c, raw) in cells.prefix(width).enumerated() {
            let t = raw.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            if let tag = HXLTag(t) { tags[c] = tag; tagged += 1 } else { notTags.append((c, t)) }
        }
        // Extra cells past the header must be empty, or this is an ordinary (ragged) row.
        if cells.dropFirst(width).contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { return nil }
        guard tagged > 0, tagged > notTags.count else { return nil }
        return (tags, notTags)
    }
}
