import Domain

/// What a column becomes in a layer.
enum ColumnRole: Sendable { case text, number, date, longitude, latitude }

/// Types the rows of a table, one block of rows at a time, so that blocks can be typed on several
/// cores: every decision that concerns the whole table (roles, decimal mark, date orders) is made
/// before, and a row's values, problems and hash depend on that row's cells only.
struct RowTyper: Sendable {
    let table: Table
    let roles: [ColumnRole]
    let required: [Bool]
    let decimal: DecimalMark?
    let dateOrders: [DateOrder?]
    let missing: MissingTokens

    /// One block of consecutive rows, typed: for each row its values and line (made in the
    /// table's draft at the row's index), whether it is rejected, and for a kept row the low 32 bits of the hash of
    /// its cells (all `DuplicateRows` reads); the rejections in row order; the block's
    /// missing-cell counts.
    struct Block {
        let rows: Range<Int>
        var rejected: [Bool] = []
        var hashes: [UInt32] = []
        var rejections: [Diagnostic] = []
        var blankCells: [Int]
        var tokenCells: [Int]
    }

    func type(rows: Range<Int>, into draft: TableRowsDraft, rowsDone: (Int) -> Void) -> Block {
        // The file's bytes and cell bounds are borrowed once for the block: the arrays are shared
        // by every core, and retaining them per cell would make the cores fight over their counts.
        table.bytes.withUnsafeBufferPointer { bytes in
            table.cellStarts.withUnsafeBufferPointer { starts in
                table.cellEnds.withUnsafeBufferPointer { ends in
                    type(rows: rows, cells: CellBounds(bytes: bytes, starts: starts, ends: ends, width: table.columnCount),
                         into: draft, rowsDone: rowsDone)
                }
            }
        }
    }

    private func type(rows: Range<Int>, cells: CellBounds, into values: TableRowsDraft, rowsDone: (Int) -> Void) -> Block {
        let columnCount = table.columnCount, header = table.header, encoding = table.encoding.encoding
        var block = Block(rows: rows, blankCells: [Int](repeating: 0, count: columnCount),
                          tokenCells: [Int](repeating: 0, count: columnCount))
        block.rejected.reserveCapacity(rows.count)
        block.hashes.reserveCapacity(rows.count)
        var problems: [(code: DiagnosticCode, text: String)] = []
        // Event files repeat a few thousand dates over a million rows: parse each spelling once.
        var dateMemo: [String: ISODate?] = [:]
        var hashBytes: [UInt8] = []
        for r in rows {
            if (r - rows.lowerBound) % 16_384 == 16_383 { rowsDone(16_384) }
            if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
            // Whether the row's bytes, from its first cell's start to its last cell's end, are its
            // cells' texts joined by the delimiter: every cell unquoted (each begins just after
            // the previous one's delimiter) and no blank cell holding spaces.
            var plain = true
            let first = r * columnCount
            // The row's values, null until set, in the table's shared storage (see `TableRows`).
            values.make(r, line: table.line(ofRow: r))
            for c in 0..<columnCount {
                let k = first + c
                let end = cells.ends[k], flagged = end & CSVCell.unescapeFlag != 0
                let raw = cells.raw(k)
                if flagged || (c > 0 && Int(cells.starts[k]) != Int(cells.ends[k - 1] & CSVCell.lengthMask) + 1) { plain = false }
                let role = roles[c]
                var empty = false, blank = false
                if role == .text {
                    empty = Table.isBlank(raw)
                    blank = empty
                } else {
                    // A missing value leaves this cell null; the row and its other columns still count.
                    // Numbers and coordinates in range are read from the bytes (most cells of a
                    // large table); anything else takes the text path, which explains what is wrong.
                    switch Table.typedCell(raw, flagged: flagged, missing: missing, number: role != .date, decimal: decimal) {
                    case .blank:
                        empty = true; blank = true
                        block.blankCells[c] += 1
                    case .token:
                        blank = true
                        block.tokenCells[c] += 1
                    case .number(let v):
                        if role == .number {
                            values.set(.number(v), row: r, column: c)
                            continue
                        }
                        let isLon = role == .longitude, bound = isLon ? 180.0 : 90.0
                        if v >= -bound && v <= bound {
                            values.set(.number(v), row: r, column: c)
                            continue
                        }
                    case .other:
                        break
                    }
                }
                if empty && raw.count > 0 { plain = false }
                let text = empty ? "" : CSVCell.decode(raw, flagged: flagged, encoding: encoding)
                if blank {
                    switch role {
                    case .longitude, .latitude:
                        let how = text.isEmpty ? "is empty" : "is marked missing ('\(text)')"
                        problems.append((.missingCoordinate, "column '\(header[c])' (\(role == .longitude ? "longitude" : "latitude")) \(how)"))
                    default:
                        if required[c] { problems.append((.missingValue, "column '\(header[c])' is \(text.isEmpty ? "empty" : "marked missing ('\(text)')") but required")) }
                    }
                    continue
                }
                switch role {
                case .text:
                    values.set(.text(text), row: r, column: c)
                case .number:
                    switch NumberParsing.parse(text, decimal: decimal) {
                    case .number(let v): values.set(.number(v), row: r, column: c)
                    case .invalid(let why): problems.append((.badNumber, "column '\(header[c])': '\(text)' is not a number: \(why)"))
                    case .empty: break
                    }
                case .date:
                    let parsed: ISODate?
                    if let known = dateMemo[text] { parsed = known } else {
                        parsed = DateSpelling(text).date(order: dateOrders[c])
                        dateMemo[text] = .some(parsed)
                    }
                    if let d = parsed { values.set(.date(d), row: r, column: c) } else {
                        problems.append((.badDate, "column '\(header[c])': '\(text)' is not a date (accepted: \(DateSpelling.accepted(order: dateOrders[c])))"))
                    }
                case .longitude, .latitude:
                    let isLon = role == .longitude
                    let axis = isLon ? "longitude" : "latitude"
                    switch NumberParsing.parse(text, decimal: decimal) {
                    case .number(let v):
                        let bound = isLon ? 180.0 : 90.0
                        if v < -bound || v > bound {
                            problems.append((.coordinateOutOfRange, "column '\(header[c])' (\(axis)): \(text) is outside -\(Int(bound))..\(Int(bound))"))
                        } else {
                            values.set(.number(v), row: r, column: c)
                        }
                    case .invalid(let why): problems.append((.badCoordinate, "column '\(header[c])' (\(axis)): '\(text)' is not a number: \(why)"))
                    case .empty: problems.append((.missingCoordinate, "column '\(header[c])' (\(axis)) is empty"))
                    }
                }
            }
            if let first = problems.first {
                let message = "row rejected: " + problems.map(\.text).joined(separator: "; ")
                block.rejections.append(Diagnostic(.warning, SourceLocation(file: table.path, line: table.line(ofRow: r)), code: first.code, message,
                                                   hint: RowTyper.hint(for: first.code), rejectsRow: true))
                block.rejected.append(true)
                block.hashes.append(0)
                continue
            }
            block.rejected.append(false)
            block.hashes.append(UInt32(truncatingIfNeeded: cells.rowHash(r, plain: plain, delimiter: table.delimiter, encoding: encoding, scratch: &hashBytes)))
        }
        rowsDone((rows.count) % 16_384)
        return block
    }

    static func hint(for code: DiagnosticCode) -> String {
        switch code {
        case .badNumber: return "fix the cell, or leave it empty if the value is unknown"
        case .badDate: return "write dates as YYYY-MM-DD, or set date_format for this layer"
        case .missingValue: return "fill the cell; this column is required"
        case .missingCoordinate: return "add the coordinates, or remove the row if its location is unknown"
        case .badCoordinate: return "write coordinates in decimal degrees, e.g. 22.41 (or 22,41 with decimal = \",\" for this layer)"
        case .coordinateOutOfRange: return "longitude must be within -180..180 and latitude within -90..90; check whether they are swapped or projected"
        default: return "fix the row"
        }
    }
}
