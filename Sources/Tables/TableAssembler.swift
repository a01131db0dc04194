import Domain

/// Turns parsed records into a `Table`: reads the header, checks the delimiter looks right,
/// recognises an HXL hashtag row, and rejects (with a report) rows of the wrong width.
struct TableAssembler {
    let path: String
    let bytes: [UInt8]
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

    func assemble() throws -> Table {
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

        // Most files have no row to reject: their rows are the parsed records as they are, copied
        // in bulk. Otherwise each record is checked (and kept or reported) below.
        let records = firstData..<max(firstData, parsed.lines.count)
        if records.allSatisfy({ parsed.fieldCounts[$0] == width && parsed.badQuoteField[$0] < 0 }) {
            let firstField = records.isEmpty ? 0 : parsed.firstField[records.lowerBound]
            let fields = firstField..<firstField + records.count * width
            return Table(path: path, encoding: encoding, delimiter: delimiter, header: header, tags: tags, hashtagRowLine: hashtagLine,
                         diagnostics: diagnostics, rejectedRowCount: 0, blankLineCount: parsed.blankLines,
                         bytes: bytes, rowLines: Array(parsed.lines[records]),
                         cellStarts: Array(parsed.starts[fields]), cellEnds: Array(parsed.ends[fields]))
        }
        var rowLines: [Int] = []
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
            rowLines.append(line)
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
