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
        var roles = [ColumnRole](repeating: .text, count: columnCount)
        var roleNames = [String?](repeating: nil, count: columnCount)

        func assign(_ names: [String], _ role: ColumnRole, _ label: String) throws {
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
        let typer = RowTyper(table: self, roles: roles, required: required, decimal: decimal, dateOrders: dateOrders,
                             missing: missing)
        let blocks = RowBlocks(rowCount: rowCount)
        let progress = RowProgress(rowsDone)
        var rowDiagnostics: [Diagnostic] = []
        var rejectedFeatures: [Feature] = []
        var blankCells = [Int](repeating: 0, count: columnCount), tokenCells = [Int](repeating: 0, count: columnCount)
        // Each row's values and line are made in the table's own row, by blocks of rows on every
        // core; then, in row order, kept rows are moved down over the rejected and repeated ones,
        // which leave the table: no second copy of a million rows (see `TableRows`). Numbers and
        // coordinates are kept as 8-byte numbers, the other columns as values (see `ValueBlock`).
        let draft = TableRowsDraft(rows: rowCount, numeric: roles.map { $0 == .number || $0 == .longitude || $0 == .latitude })
        let typed = blocks.map { typer.type(rows: $0, into: draft, rowsDone: progress.add) }
        // A row identical in every cell to an earlier one is an export duplication (DTM and
        // ACLED exports repeat pages): adding it twice would double its numbers. The later
        // copy is dropped, reported and counted with the rejected rows; the first one stays.
        let duplicates = DuplicateRows(table: self, blocks: typed)
        var kept = 0
        for block in typed {
            for c in 0..<columnCount { blankCells[c] += block.blankCells[c]; tokenCells[c] += block.tokenCells[c] }
            var nextRejection = 0
            for (k, r) in block.rows.enumerated() {
                if block.rejected[k] {
                    rowDiagnostics.append(block.rejections[nextRejection])
                    nextRejection += 1
                    rejectedFeatures.append(draft.take(r, file: path))
                } else if let earlier = duplicates.earlierCopy(of: r) {
                    draft.drop(r)
                    rowDiagnostics.append(Diagnostic(.warning, SourceLocation(file: path, line: line(ofRow: r)), code: .duplicateRow,
                        "row is identical in every cell to line \(line(ofRow: earlier)): the copy is dropped, not counted twice",
                        hint: "remove the repeated row from the file (an export duplication), or make the rows differ if both are real"))
                } else {
                    draft.move(r, to: kept)
                    kept += 1
                }
            }
        }
        let pointColumns = schema.isPointLayer ? roles.firstIndex(of: .longitude).flatMap { lon in
            roles.firstIndex(of: .latitude).map { (longitude: lon, latitude: $0) } } : nil
        let features = Features(table: draft.finish(kept: kept, file: path, point: pointColumns))

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
}
