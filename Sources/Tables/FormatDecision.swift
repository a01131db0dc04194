import Domain

/// The cells that mean "no value" in a typed column: blank, or one of the schema's `missing`
/// tokens (case-insensitive, spaces trimmed).
struct MissingTokens {
    let tokens: Set<String>
    let longest: Int

    init(_ list: [String]) {
        let cleaned = list.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        tokens = Set(cleaned)
        longest = cleaned.map(\.utf8.count).max() ?? 0
    }

    func matches(_ text: String) -> Bool {
        // Numbers are most cells: they are answered without trimming or lower-casing a copy.
        guard !tokens.isEmpty, text.utf8.count <= longest + 8 else { return false }
        if tokens.contains(text) { return true }
        guard text.utf8.contains(where: { $0 == 32 || $0 == 9 || ($0 >= 65 && $0 <= 90) || $0 >= 0x80 }) else { return false }
        return tokens.contains(text.trimmingCharacters(in: .whitespaces).lowercased())
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
        for c in columns {
            for r in 0..<rowCount {
                let k = r * columnCount + c
                let s = Int(cellStarts[k]), e = Int(cellEnds[k] & CSVCell.lengthMask)
                var hasComma = false, hasPoint = false
                for i in s..<e { if bytes[i] == commaByte { hasComma = true } else if bytes[i] == pointByte { hasPoint = true } }
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
        let note = Diagnostic(.warning, SourceLocation(file: path, line: line(ofRow: q.row)), code: "decimal-comma",
                              "numbers read with a decimal comma: '\(cell(row: q.row, column: q.column))' (column '\(header[q.column])') can only be a decimal comma, and no number of the file uses a decimal point",
                              hint: "set decimal = \",\" for this layer to state it")
        return (.comma, note)
    }

    /// The day/month order of numeric dates in column `c`: the stated `date_format`, or the order
    /// its values prove (said in a note). Throws when they prove none or both.
    func decideDateOrder(_ schema: TableSchema, column c: Int, missing: MissingTokens) throws -> (DateOrder?, Diagnostic?) {
        if let stated = schema.dateFormat { return (stated.order, nil) }
        var firstLine: [String: Int] = [:]
        var distinct: [(text: String, line: Int)] = []
        for r in 0..<rowCount where !cellIsBlank(row: r, column: c) {
            let text = cell(row: r, column: c)
            if firstLine[text] == nil, !missing.matches(text) {
                firstLine[text] = line(ofRow: r)
                distinct.append((text, line(ofRow: r)))
            }
        }
        let name = header[c]
        switch DateColumnOrder.detect(distinct) {
        case .notNeeded:
            return (nil, nil)
        case .proven(let order, let example, let line):
            let which = order == .dayFirst ? "day first" : "month first"
            let part = order == .dayFirst ? "the first part" : "the second part"
            return (order, Diagnostic(.warning, SourceLocation(file: path, line: line), code: "date-order",
                                      "column '\(name)': numeric dates read as \(order.rawValue) (\(which)): in '\(example)' \(part) is above 12, so it is the day",
                                      hint: "set date_format = \"\(order.rawValue)\" for this layer to state it"))
        case .undecidable(let example, let line, let count):
            throw TargetingError("column '\(name)': the day/month order of dates such as '\(example)' cannot be decided: none of the \(count) distinct date\(count == 1 ? "" : "s") written with numbers has a part above 12, so each could be read either way",
                                 at: SourceLocation(file: path, line: line),
                                 hint: "set date_format = \"DD/MM/YYYY\" or date_format = \"MM/DD/YYYY\" for this layer")
        case .contradictory(let d, let dLine, let m, let mLine):
            throw TargetingError("column '\(name)' mixes day-first dates ('\(d)', line \(dLine)) and month-first dates ('\(m)', line \(mLine)): its day/month order cannot be decided",
                                 at: SourceLocation(file: path, line: max(dLine, mLine)),
                                 hint: "write every date one way (YYYY-MM-DD is safest), or set date_format = \"DD/MM/YYYY\" or \"MM/DD/YYYY\" for this layer: dates not in that order are then reported row by row")
        }
    }
}
