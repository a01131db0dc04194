import Domain

extension Table {
    /// Builds a `Layer` with typed values. Every column is kept (numbers as `.number`, dates as
    /// `.date`, others as `.text`; empty cells, and in typed columns the schema's `missing` tokens,
    /// as `.null`, counted in `missingCells`). The decimal mark and the day/month order are decided
    /// first for the whole table (`FormatDecision`): stated, proved and said in `formatNotes`, or an
    /// error asking for them. A row with a bad number, bad date,
    /// a missing required value or a missing, unparseable or out-of-range coordinate is kept out of
    /// the layer and reported as one `Diagnostic` (warning) citing `file:line`, the column and the
    /// text. Columns the schema names but the file lacks are an error (thrown) listing what it has.
    ///
    /// The layer's diagnostics already include the table's own (ragged rows, bad quoting, hashtag
    /// row), and `rowsRead` / `rowsRejected` already count rows rejected while reading: do not add
    /// `table.diagnostics` or `table.rejectedRowCount` again. The layer carries the HXL tags, so
    /// `layer.fieldIndex("#affected+idps+ind")` works.
    /// `rowsDone`, when given, is told how many rows have been read every few thousand rows.
    public func makeLayer(_ schema: TableSchema, rowsDone: ((Int) -> Void)? = nil) throws -> TableLayer {
        enum Role { case text, number, date, longitude, latitude }
        var roles = [Role](repeating: .text, count: columnCount)
        var roleNames = [String?](repeating: nil, count: columnCount)

        func assign(_ names: [String], _ role: Role, _ label: String) throws {
            for n in names {
                let c = try requireColumn(named: n, role: label)
                if let previous = roleNames[c], previous != label {
                    throw TargetingError("column '\(header[c])' is named both as \(previous) and as \(label)",
                                         at: SourceLocation(file: path, line: 1), hint: "give each column one role")
                }
                roles[c] = role; roleNames[c] = label
            }
        }
        if schema.isPointLayer {
            guard let lon = schema.longitude, let lat = schema.latitude else {
                throw TargetingError("a point layer needs both a longitude and a latitude column; only \(schema.longitude == nil ? "latitude" : "longitude") was given",
                                     at: SourceLocation(file: path), hint: "name both coordinate columns")
            }
            try assign([lon], .longitude, "longitude")
            try assign([lat], .latitude, "latitude")
        }
        try assign(schema.numbers, .number, "numbers")
        try assign(schema.dates, .date, "dates")
        for n in schema.texts { _ = try requireColumn(named: n, role: "texts") }
        var required = [Bool](repeating: false, count: columnCount)
        for n in schema.required { required[try requireColumn(named: n, role: "required")] = true }

        let fields = (0..<columnCount).map { c -> FieldSchema in
            switch roles[c] {
            case .text: return FieldSchema(name: header[c], type: .text)
            case .number, .longitude, .latitude: return FieldSchema(name: header[c], type: .real)
            case .date: return FieldSchema(name: header[c], type: .date)
            }
        }

        // Formats are decided for the whole table before any row is read, so that no row is read
        // one way and the next another.
        let missing = MissingTokens(schema.missing)
        let numeric = (0..<columnCount).filter { [.number, .longitude, .latitude].contains(roles[$0]) }
        let (decimal, decimalNote) = try decideDecimal(schema, columns: numeric)
        var formatNotes = decimalNote.map { [$0] } ?? []
        var dateOrders = [DateOrder?](repeating: nil, count: columnCount)
        for c in 0..<columnCount where roles[c] == .date {
            let (order, note) = try decideDateOrder(schema, column: c, missing: missing)
            dateOrders[c] = order
            if let note { formatNotes.append(note) }
        }
        var blankCells = [Int](repeating: 0, count: columnCount), tokenCells = [Int](repeating: 0, count: columnCount)

        var features: [Feature] = []
        features.reserveCapacity(rowCount)
        var rowDiagnostics: [Diagnostic] = []
        var problems: [(code: DiagnosticCode, text: String)] = []
        var dateMemo: [String: ISODate?] = [:]
        var rejectedFeatures: [Feature] = []
        var rowsByHash = RowHashTable(capacityFor: rowCount)
        for r in 0..<rowCount {
            if let rowsDone, r % 16_384 == 0 { rowsDone(r) }
            problems.removeAll(keepingCapacity: true)
            var values = [Value](repeating: .null, count: columnCount)
            var lon: Double?, lat: Double?
            for c in 0..<columnCount {
                let empty = cellIsBlank(row: r, column: c)
                var blank = empty
                if roles[c] != .text {
                    // A missing value leaves this cell null; the row and its other columns still count.
                    if empty { blankCells[c] += 1 } else if cellIsMissingToken(row: r, column: c, missing) { tokenCells[c] += 1; blank = true }
                }
                // Numbers and coordinates in range are read from the bytes (most cells of a
                // large table); anything else takes the text path, which explains what is wrong.
                if !blank, roles[c] == .number, let v = plainNumber(row: r, column: c, decimal: decimal) {
                    values[c] = .number(v)
                    continue
                }
                if !blank, roles[c] == .longitude || roles[c] == .latitude, let v = plainNumber(row: r, column: c, decimal: decimal) {
                    let isLon = roles[c] == .longitude, bound = isLon ? 180.0 : 90.0
                    if v >= -bound && v <= bound {
                        values[c] = .number(v)
                        if isLon { lon = v } else { lat = v }
                        continue
                    }
                }
                let text = empty ? "" : cell(row: r, column: c)
                if blank {
                    switch roles[c] {
                    case .longitude, .latitude:
                        let how = text.isEmpty ? "is empty" : "is marked missing ('\(text)')"
                        problems.append((.missingCoordinate, "column '\(header[c])' (\(roles[c] == .longitude ? "longitude" : "latitude")) \(how)"))
                    default:
                        if required[c] { problems.append((.missingValue, "column '\(header[c])' is \(text.isEmpty ? "empty" : "marked missing ('\(text)')") but required")) }
                    }
                    continue
                }
                switch roles[c] {
                case .text:
                    values[c] = .text(text)
                case .number:
                    switch NumberParsing.parse(text, decimal: decimal) {
                    case .number(let v): values[c] = .number(v)
                    case .invalid(let why): problems.append((.badNumber, "column '\(header[c])': '\(text)' is not a number: \(why)"))
                    case .empty: break
                    }
                case .date:
                    let parsed: ISODate?
                    // Event files repeat a few thousand dates over a million rows: parse each spelling once.
                    if let known = dateMemo[text] { parsed = known } else {
                        parsed = DateSpelling(text).date(order: dateOrders[c])
                        dateMemo[text] = .some(parsed)
                    }
                    if let d = parsed { values[c] = .date(d) } else {
                        problems.append((.badDate, "column '\(header[c])': '\(text)' is not a date (accepted: \(DateSpelling.accepted(order: dateOrders[c])))"))
                    }
                case .longitude, .latitude:
                    let isLon = roles[c] == .longitude
                    let axis = isLon ? "longitude" : "latitude"
                    switch NumberParsing.parse(text, decimal: decimal) {
                    case .number(let v):
                        let bound = isLon ? 180.0 : 90.0
                        if v < -bound || v > bound {
                            problems.append((.coordinateOutOfRange, "column '\(header[c])' (\(axis)): \(text) is outside -\(Int(bound))..\(Int(bound))"))
                        } else {
                            values[c] = .number(v)
                            if isLon { lon = v } else { lat = v }
                        }
                    case .invalid(let why): problems.append((.badCoordinate, "column '\(header[c])' (\(axis)): '\(text)' is not a number: \(why)"))
                    case .empty: problems.append((.missingCoordinate, "column '\(header[c])' (\(axis)) is empty"))
                    }
                }
            }
            let location = SourceLocation(file: path, line: line(ofRow: r))
            if let first = problems.first {
                let message = "row rejected: " + problems.map(\.text).joined(separator: "; ")
                rowDiagnostics.append(Diagnostic(.warning, location, code: first.code, message, hint: hint(for: first.code), rejectsRow: true))
                rejectedFeatures.append(Feature(location: location, shape: nil, values: values))
                continue
            }
            // A row identical in every cell to an earlier one is an export duplication (DTM and
            // ACLED exports repeat pages): adding it twice would double its numbers. The later
            // copy is dropped, reported and counted with the rejected rows.
            if let earlier = earlierIdenticalRow(r, seen: &rowsByHash) {
                rowDiagnostics.append(Diagnostic(.warning, location, code: .duplicateRow,
                    "row is identical in every cell to line \(line(ofRow: earlier)): the copy is dropped, not counted twice",
                    hint: "remove the repeated row from the file (an export duplication), or make the rows differ if both are real"))
                continue
            }
            var shape: Shape?
            if schema.isPointLayer, let x = lon, let y = lat { shape = .point(Coordinate(x: x, y: y)) }
            features.append(Feature(location: location, shape: shape, values: values))
        }

        // Reading-time diagnostics (ragged rows, bad quoting) and typing ones, in file order.
        let all = (diagnostics + rowDiagnostics).enumerated().sorted {
            ($0.element.location.line ?? 0, $0.offset) < ($1.element.location.line ?? 0, $1.offset)
        }.map(\.element)
        let rejected = rejectedRowCount + rowDiagnostics.count
        let missingCells = (0..<columnCount).filter { blankCells[$0] + tokenCells[$0] > 0 }
            .map { MissingCellCount(column: header[$0], blank: blankCells[$0], token: tokenCells[$0]) }
        var layer = Layer(path: path, fields: fields, features: features, diagnostics: all, tags: hasHashtagRow ? tags : [])
        layer.rejectedFeatures = rejectedFeatures
        return TableLayer(layer: layer,
                          rowsRead: rowCount + rejectedRowCount, rowsKept: features.count, rowsRejected: rejected,
                          fieldTags: tags, encoding: encoding, formatNotes: formatNotes, missingCells: missingCells)
    }

    /// The first earlier row with the same text in every cell, if any; else records row `r`.
    private func earlierIdenticalRow(_ r: Int, seen: inout RowHashTable) -> Int? {
        func text(_ row: Int, _ c: Int) -> String { cellIsBlank(row: row, column: c) ? "" : cell(row: row, column: c) }
        var hasher = Hasher()
        for c in 0..<columnCount { combineText(row: r, column: c, into: &hasher) }
        return seen.earlierRow(hash: hasher.finalize(), row: r) { e in (0..<columnCount).allSatisfy { text(r, $0) == text(e, $0) } }
    }


    private func hint(for code: DiagnosticCode) -> String {
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
