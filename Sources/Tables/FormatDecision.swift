import Domain

/// The cells that mean "no value" in a typed column: blank, or one of the schema's `missing`
/// tokens (ASCII case-insensitive, spaces trimmed), compared on the cell's bytes: numbers are most
/// cells, and are answered without decoding them.
struct MissingTokens {
    let tokens: [[UInt8]]
    /// The longest token: a longer cell (a number with its digits) is no token.
    let longest: Int
    /// The tokens' first bytes (lowercased), one bit per byte value: most cells (numbers) are
    /// ruled out by one bit test.
    let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    init(_ list: [String]) {
        let cleaned = list.map { Array($0.trimmingCharacters(in: .whitespaces).utf8).map(MissingTokens.lower) }.filter { !$0.isEmpty }
        tokens = cleaned
        longest = cleaned.map(\.count).max() ?? 0
        var bits: [UInt64] = [0, 0, 0, 0]
        for t in cleaned { bits[Int(t[0] >> 6)] |= 1 << UInt64(t[0] & 63) }
        firstBytes = (bits[0], bits[1], bits[2], bits[3])
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    @inline(__always)
    func mayStartToken(_ c: UInt8) -> Bool {
        let word: UInt64
        switch c >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        return word & (1 << UInt64(c & 63)) != 0
    }

    /// Whether the cell, trimmed of spaces and tabs and lowercased, is one of the tokens. Inlined
    /// up to the tests that rule out nearly every cell of a large table without a call: a first
    /// byte no token starts with (a number's first digit), or, with no space or tab at either
    /// end, more bytes than the longest token (a negative number, where "-" is a token).
    @inline(__always)
    func matches(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, let last = b.last else { return false }
        if first != 32, first != 9 {
            if !mayStartToken(MissingTokens.lower(first)) { return false }
            if b.count > longest, last != 32, last != 9 { return false }
        }
        return matchesTrimmed(b)
    }

    private func matchesTrimmed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 32 || b[lo] == 9 { lo += 1 }
        guard lo < hi, mayStartToken(MissingTokens.lower(b[lo])) else { return false }
        while hi > lo, b[hi - 1] == 32 || b[hi - 1] == 9 { hi -= 1 }
        if hi - lo > longest { return false }
        return tokens.contains { t in
            t.count == hi - lo && t.indices.allSatisfy { t[$0] == MissingTokens.lower(b[lo + $0]) }
        }
    }

    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }
}

extension Table {
    /// Whether a cell can be a numeric date (`3/4/2020`, `03-04-2020`): a separator after one or two
    /// leading digits. ISO (`2020-…`) and named months (`30 December…`) cannot, and are not decoded.
    func cellMayBeNumericDate(row r: Int, column c: Int) -> Bool {
        let k = r * columnCount + c
        var i = Int(cellStarts[k])
        let e = Int(cellEnds[k] & CSVCell.lengthMask)
        while i < e, bytes[i] == 32 || bytes[i] == 9 { i += 1 }
        var digits = 0
        while i < e, bytes[i] >= 48, bytes[i] <= 57 { digits += 1; i += 1 }
        return (1...2).contains(digits) && i < e && (bytes[i] == UInt8(ascii: "/") || bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "."))
    }
}

/// How a table's numbers and dates are read, decided once before any row is: stated by the schema,
/// or proved by the cells and then said (a `formatNotes` warning), or, when the cells prove
/// nothing or contradict each other, an error asking for the manifest key. Never a silent guess.
extension Table {
    /// The decimal mark of `columns` (numbers and coordinates). nil when no cell proves either mark:
    /// plain numbers are read, and the ambiguous `1,234` / `1.234` are refused cell by cell.
    func decideDecimal(_ schema: TableSchema, columns: [Int]) throws -> (DecimalMark?, Diagnostic?) {
        if let stated = schema.decimal { return (stated, nil) }
        var point: (row: Int, column: Int)?, comma: (row: Int, column: Int)?
        let pointByte = UInt8(ascii: "."), commaByte = UInt8(ascii: ",")
        // Which marks the cells hold at all, found on every core. Without a comma, the scan below
        // can stop at the first cell that proves a point (nothing after it could change the
        // decision), and without either mark it has nothing to look at.
        let marks = markBytes(columns: columns)
        if !marks.comma && !marks.point { return (nil, nil) }
        scan: for c in columns {
            for r in 0..<rowCount {
                if point != nil && !marks.comma { break scan }
                let k = r * columnCount + c
                let s = Int(cellStarts[k]), e = Int(cellEnds[k] & CSVCell.lengthMask)
                let (hasComma, hasPoint) = bytes.withUnsafeBufferPointer { b -> (Bool, Bool) in
                    var comma = false, point = false
                    for i in s..<e { if b[i] == commaByte { comma = true } else if b[i] == pointByte { point = true } }
                    return (comma, point)
                }
                // Once a point is proved, only a comma can change the decision.
                guard hasComma || (hasPoint && point == nil) else { continue }
                switch NumberParsing.evidence(Array(bytes[s..<e])) {
                case .proves(.point): if point == nil { point = (r, c) }
                case .proves(.comma): if comma == nil { comma = (r, c) }
                default: break
                }
                if let p = point, let q = comma {
                    let (first, second) = line(ofRow: p.row) <= line(ofRow: q.row) ? (p, q) : (q, p)
                    throw TargetingError("the numbers mix decimal commas ('\(cell(row: q.row, column: q.column))' in column '\(header[q.column])', line \(line(ofRow: q.row))) and decimal points ('\(cell(row: p.row, column: p.column))' in column '\(header[p.column])', line \(line(ofRow: p.row))): which one the file means cannot be decided",
                                         at: SourceLocation(file: path, line: line(ofRow: max(first.row, second.row))),
                                         hint: "set decimal = \",\" or decimal = \".\" for this layer; cells written the other way are then reported row by row")
                }
            }
        }
        guard let q = comma else { return (point == nil ? nil : .point, nil) }
        let note = Diagnostic(.warning, SourceLocation(file: path, line: line(ofRow: q.row)), code: .decimalComma,
                              "numbers read with a decimal comma: '\(cell(row: q.row, column: q.column))' (column '\(header[q.column])') can only be a decimal comma, and no number of the file uses a decimal point",
                              hint: "set decimal = \",\" for this layer to state it")
        return (.comma, note)
    }

    /// Whether any cell of `columns` holds a comma, and whether any holds a point.
    func markBytes(columns: [Int]) -> (comma: Bool, point: Bool) {
        // In a comma-separated file only a quoted cell (whose first byte follows the opening
        // quote) can hold a comma: once a point is found, the other cells need no scan.
        let commaSeparated = delimiter == UInt8(ascii: ",")
        let blocks = RowBlocks(rowCount: rowCount).map { rows -> (Bool, Bool) in
            bytes.withUnsafeBufferPointer { b in
                var comma = false, point = false
                for r in rows {
                    for c in columns {
                        let k = r * columnCount + c
                        let s = Int(cellStarts[k])
                        if point, commaSeparated, s == 0 || b[s - 1] != CSVRecordParser.quote { continue }
                        for i in s..<Int(cellEnds[k] & CSVCell.lengthMask) {
                            if b[i] == UInt8(ascii: ",") { comma = true } else if b[i] == UInt8(ascii: ".") { point = true }
                        }
                    }
                    if comma && point { break }
                }
                return (comma, point)
            }
        }
        return (blocks.contains { $0.0 }, blocks.contains { $0.1 })
    }

    /// The day/month order of numeric dates in column `c` (`DateColumnOrder.decide`, shared with
    /// the shapefile and GDAL readers); missing-value tokens are no dates and prove nothing.
    func decideDateOrder(_ schema: TableSchema, column c: Int, missing: MissingTokens) throws -> (DateOrder?, Diagnostic?) {
        try DateColumnOrder.decide(stated: schema.dateFormat, values: {
            var firstLine: [String: Int] = [:]
            var distinct: [(text: String, line: Int)] = []
            // Only numeric dates need an order: the others are not decoded here.
            for r in 0..<rowCount where cellMayBeNumericDate(row: r, column: c) {
                let text = cell(row: r, column: c)
                if firstLine[text] == nil, !missing.matches(text) {
                    firstLine[text] = line(ofRow: r)
                    distinct.append((text, line(ofRow: r)))
                }
            }
            return distinct
        }, in: DateColumnSource(file: path, name: header[c], position: .line, layer: "this layer"))
    }
}
