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
    let isPointLayer: Bool

    /// One block of consecutive rows, typed: for each row its `Feature` (written into `slots` at
    /// the row's index), whether it is rejected, and for a kept row the low 32 bits of the hash of
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

    func type(rows: Range<Int>, into slots: FeatureSlots, rowsDone: (Int) -> Void) -> Block {
        // The file's bytes and cell bounds are borrowed once for the block: the arrays are shared
        // by every core, and retaining them per cell would make the cores fight over their counts.
        table.bytes.withUnsafeBufferPointer { bytes in
            table.cellStarts.withUnsafeBufferPointer { starts in
                table.cellEnds.withUnsafeBufferPointer { ends in
                    type(rows: rows, cells: CellBounds(bytes: bytes, starts: starts, ends: ends, width: table.columnCount),
                         into: slots, rowsDone: rowsDone)
                }
            }
        }
    }

    private func type(rows: Range<Int>, cells: CellBounds, into slots: FeatureSlots, rowsDone: (Int) -> Void) -> Block {
        let columnCount = table.columnCount, header = table.header, encoding = table.encoding.encoding
        var block = Block(rows: rows, blankCells: [Int](repeating: 0, count: columnCount),
                          tokenCells: [Int](repeating: 0, count: columnCount))
        block.rejected.reserveCapacity(rows.count)
        block.hashes.reserveCapacity(rows.count)
        var problems: [(code: DiagnosticCode, text: String)] = []
        // Event files repeat a few thousand dates over a million rows: parse each spelling once.
        var dateMemo: [String: ISODate?] = [:]
        // This block's own copy of the path, which every feature of the block holds: one string
        // shared by the features of every core would have its count changed by all of them.
        let path = String(decoding: Array(table.path.utf8), as: UTF8.self)
        var hashBytes: [UInt8] = []
        // Numbers and coordinates as 8-byte numbers, the other columns as values (see `ValueBlock`).
        let values = ValueBlock.make(rows: rows.count, numeric: roles.map { $0 == .number || $0 == .longitude || $0 == .latitude })
        for r in rows {
            if (r - rows.lowerBound) % 16_384 == 16_383 { rowsDone(16_384) }
            if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
            var lon: Double?, lat: Double?
            // Whether the row's bytes, from its first cell's start to its last cell's end, are its
            // cells' texts joined by the delimiter: every cell unquoted (each begins just after
            // the previous one's delimiter) and no blank cell holding spaces.
            var plain = true
            let first = r * columnCount
            // The row's values, null until set, in the block's shared storage (see `ValueRow`).
            let valuesRow = values.appendRow()
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
                            values.set(.number(v), row: valuesRow, column: c)
                            continue
                        }
                        let isLon = role == .longitude, bound = isLon ? 180.0 : 90.0
                        if v >= -bound && v <= bound {
                            values.set(.number(v), row: valuesRow, column: c)
                            if isLon { lon = v } else { lat = v }
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
                    values.set(.text(text), row: valuesRow, column: c)
                case .number:
                    switch NumberParsing.parse(text, decimal: decimal) {
                    case .number(let v): values.set(.number(v), row: valuesRow, column: c)
                    case .invalid(let why): problems.append((.badNumber, "column '\(header[c])': '\(text)' is not a number: \(why)"))
                    case .empty: break
                    }
                case .date:
                    let parsed: ISODate?
                    if let known = dateMemo[text] { parsed = known } else {
                        parsed = DateSpelling(text).date(order: dateOrders[c])
                        dateMemo[text] = .some(parsed)
                    }
                    if let d = parsed { values.set(.date(d), row: valuesRow, column: c) } else {
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
                            values.set(.number(v), row: valuesRow, column: c)
                            if isLon { lon = v } else { lat = v }
                        }
                    case .invalid(let why): problems.append((.badCoordinate, "column '\(header[c])' (\(axis)): '\(text)' is not a number: \(why)"))
                    case .empty: problems.append((.missingCoordinate, "column '\(header[c])' (\(axis)) is empty"))
                    }
                }
            }
            let location = SourceLocation(file: path, line: table.line(ofRow: r))
            if let first = problems.first {
                let message = "row rejected: " + problems.map(\.text).joined(separator: "; ")
                block.rejections.append(Diagnostic(.warning, location, code: first.code, message, hint: RowTyper.hint(for: first.code), rejectsRow: true))
                block.rejected.append(true)
                block.hashes.append(0)
                slots.initialize(r, location: location, shape: nil, values: ValueRow(row: valuesRow, of: values))
                continue
            }
            block.rejected.append(false)
            block.hashes.append(UInt32(truncatingIfNeeded: cells.rowHash(r, plain: plain, delimiter: table.delimiter, encoding: encoding, scratch: &hashBytes)))
            // A constant: a `var` shape is copied into the feature and then destroyed.
            let shape: Shape? = isPointLayer && lon != nil && lat != nil ? .point(Coordinate(x: lon!, y: lat!)) : nil
            // Moved into the slot: a copy would retain the path, then release it.
            slots.initialize(r, location: location, shape: shape, values: ValueRow(row: valuesRow, of: values))
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

/// The layer's array of features while it is built: blocks of rows on several cores each write
/// the features of their own rows (so no two threads touch one slot); then, on one thread and in
/// row order, each slot is moved down, taken out or discarded, exactly once.
struct FeatureSlots: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Feature>
    /// Where each stored property of a feature lies in its slot.
    private let locationOffset: Int, shapeOffset: Int, valuesOffset: Int

    init(base: UnsafeMutablePointer<Feature>) {
        self.base = base
        locationOffset = MemoryLayout<Feature>.offset(of: \Feature.location)!
        shapeOffset = MemoryLayout<Feature>.offset(of: \Feature.shape)!
        valuesOffset = MemoryLayout<Feature>.offset(of: \Feature.values)!
        assert(Self.coversFeature, "Feature has a stored property that initialize(_:location:shape:values:) does not set")
    }

    /// Whether location, shape and values, in that order, are all of a feature's stored
    /// properties: each one starts where the one before it ends (aligned), and the last one ends
    /// the feature. A property added to `Feature` would break this (and be left uninitialised).
    static var coversFeature: Bool {
        func aligned(_ n: Int, _ a: Int) -> Int { (n + a - 1) / a * a }
        let shape = MemoryLayout<Feature>.offset(of: \Feature.shape), values = MemoryLayout<Feature>.offset(of: \Feature.values)
        return MemoryLayout<Feature>.offset(of: \Feature.location) == 0
            && shape == aligned(MemoryLayout<SourceLocation>.size, MemoryLayout<Shape?>.alignment)
            && values == aligned((shape ?? 0) + MemoryLayout<Shape?>.size, MemoryLayout<ValueRow>.alignment)
            && MemoryLayout<Feature>.size == (values ?? 0) + MemoryLayout<ValueRow>.size
    }

    /// Makes the feature of a row in its slot, each of its stored properties moved into place:
    /// `Feature(location:shape:values:)`, a value too large for registers, is built by the
    /// optimiser as a copy of a temporary, then the temporary destroyed (a retain and a release of
    /// the path and of the values, for every row).
    func initialize(_ row: Int, location: consuming SourceLocation, shape: consuming Shape?, values: consuming ValueRow) {
        let slot = UnsafeMutableRawPointer(base + row)
        (slot + locationOffset).initializeMemory(as: SourceLocation.self, to: location)
        (slot + shapeOffset).initializeMemory(as: Shape?.self, to: shape)
        (slot + valuesOffset).initializeMemory(as: ValueRow.self, to: values)
    }
    /// Takes the feature out of its slot; the slot is then uninitialised.
    func take(_ row: Int) -> Feature { (base + row).move() }
    /// Drops the feature of a slot; the slot is then uninitialised.
    func discard(_ row: Int) { (base + row).deinitialize(count: 1) }
    /// Moves the feature of slot `row` to slot `to` (at or before it, and uninitialised).
    func move(_ row: Int, to: Int) { if row != to { (base + to).moveInitialize(from: base + row, count: 1) } }
}
