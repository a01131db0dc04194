/// The features of a layer, in order: a collection of `Feature`s like an array, kept one of two ways.
/// - Features made one at a time (a shapefile's records, an OGR layer's, a layer a caller builds):
///   an array of them.
/// - The rows of a typed table (`TableRows`): its values in one block of typed columns, a line
///   number per row and, for a point table, the point read from its coordinate columns. A
///   `Feature` is 64 bytes (its location holds the file name, a string each feature retains):
///   a table of a million points kept as features took 64 MB of fresh memory, which the system
///   zeroes a page at a time, and a retain of the name and of the values per row as it was typed.
///   Kept as columns it takes 4 bytes a row beside its values.
///
/// Reading a feature of a table makes it from the columns (the same feature the array would
/// hold); changing one turns the table into an array of features first, once. Loops over a
/// large layer read what they need in place (`value(_:_:)`, `shape(_:)`, `location(_:)`):
/// a feature made per row would retain the one file name and block from every core at once.
public struct Features: RandomAccessCollection, MutableCollection, RangeReplaceableCollection, ExpressibleByArrayLiteral, Sendable {
    /// The features, when they are kept one by one (else empty).
    private var list: [Feature]
    /// The rows, when the features are a typed table's.
    public private(set) var table: TableRows?

    public init() { list = []; table = nil }
    public init(_ features: [Feature]) { list = features; table = nil }
    public init(arrayLiteral elements: Feature...) { self.init(elements) }
    /// The rows of a typed table, as features.
    public init(table: TableRows) { list = []; self.table = table }

    public var startIndex: Int { 0 }
    public var endIndex: Int { table?.count ?? list.count }

    public subscript(i: Int) -> Feature {
        // Borrowed in place from the array (`features[r].values[c]` copies no feature); made for a table.
        _read { if let table { yield table.feature(i) } else { yield list[i] } }
        _modify {
            becomeList()
            yield &list[i]
        }
    }

    public mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with features: C) where C.Element == Feature {
        becomeList()
        list.replaceSubrange(range, with: features)
    }

    public mutating func reserveCapacity(_ n: Int) {
        if table == nil { list.reserveCapacity(n) }
    }

    /// The features as an array (made for a table's rows).
    public var array: [Feature] { table.map { t in (0 ..< t.count).map(t.feature) } ?? list }

    /// Cell `column` of feature `row`'s values, null past its last value: read in place.
    @inline(__always) public func value(_ row: Int, _ column: Int) -> Value { cell(row, column) ?? .null }

    /// Cell `column` of feature `row`'s values, nil past its last value: read in place.
    @inline(__always) public func cell(_ row: Int, _ column: Int) -> Value? {
        if let table { return table.cell(row, column) }
        // Read through the array in place: a copy of the row's values would retain their block,
        // which the rows of a shapefile share, from every core reading at once.
        return column < list[row].values.count ? list[row].values[column] : nil
    }

    /// Feature `row`'s shape, read in place.
    @inline(__always) public func shape(_ row: Int) -> Shape? {
        if let table { return table.shape(row) }
        return list[row].shape
    }

    /// Feature `row`'s location.
    @inline(__always) public func location(_ row: Int) -> SourceLocation {
        if let table { return table.location(row) }
        return list[row].location
    }

    /// The array of features, when they are kept one by one (nil for a table's rows), borrowed.
    public func withList<R>(_ body: (UnsafeBufferPointer<Feature>) throws -> R) rethrows -> R? {
        guard table == nil else { return nil }
        return try list.withUnsafeBufferPointer(body)
    }

    private mutating func becomeList() {
        guard let table else { return }
        list = (0 ..< table.count).map(table.feature)
        self.table = nil
    }
}

/// The kept rows of a typed table, as columns (see `Features`): row `k` is feature `k`, its values
/// row `k` of `block`, its line `lines[k]` of `file`; a point table's shape is the point of its
/// longitude and latitude columns. Made once (`TableRowsDraft`), then only read.
public final class TableRows: @unchecked Sendable {
    public let file: String
    private let lines: UnsafeMutablePointer<Int32>
    public let count: Int
    private let block: ValueBlock
    /// The longitude and latitude columns of a point table.
    private let point: (longitude: Int, latitude: Int)?

    fileprivate init(file: String, lines: UnsafeMutablePointer<Int32>, count: Int, block: ValueBlock, point: (longitude: Int, latitude: Int)?) {
        self.file = file; self.lines = lines; self.count = count; self.block = block; self.point = point
    }
    deinit { lines.deallocate() }

    @inline(__always) private func checked(_ row: Int) -> Int {
        precondition(row >= 0 && row < count, "feature index out of range")
        return row
    }

    /// The line of row `row` in the file.
    @inline(__always) public func line(_ row: Int) -> Int { Int(lines[checked(row)]) }

    public func location(_ row: Int) -> SourceLocation { SourceLocation(file: file, line: line(row)) }

    /// Cell `column` of row `row`, nil past the table's last column.
    @inline(__always) public func cell(_ row: Int, _ column: Int) -> Value? {
        column >= 0 && column < block.columns ? block.value(row: checked(row), column: column) : nil
    }

    @inline(__always) public func shape(_ row: Int) -> Shape? {
        guard let point else { _ = checked(row); return nil }
        guard case .number(let x) = block.value(row: checked(row), column: point.longitude),
              case .number(let y) = block.value(row: row, column: point.latitude) else { return nil }
        return .point(Coordinate(x: x, y: y))
    }

    public func feature(_ row: Int) -> Feature {
        Feature(location: location(row), shape: shape(row), values: ValueRow(row: checked(row), of: block))
    }
}

/// A typed table's rows while they are made: every row of the file gets a row of values and its
/// line, typed by blocks of rows on several cores (each row made by one core, so no two cores
/// write one row); then, on one thread and in row order, each row is kept (moved down over the
/// rows left out), taken out as a feature of its own (a rejected row) or dropped, exactly once;
/// `finish` makes the `TableRows` of the kept rows.
public struct TableRowsDraft: @unchecked Sendable {
    private let block: ValueBlock
    private let lines: UnsafeMutablePointer<Int32>
    private let rowCount: Int

    /// Room for `rows` rows, column `c` numeric (numbers or null only) when `numeric[c]`.
    public init(rows: Int, numeric: [Bool]) {
        rowCount = rows
        block = ValueBlock.make(rows: rows, numeric: numeric)
        lines = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(rows, 1))
    }

    /// Makes row `row`, at line `line` of the file, a row of nulls.
    public func make(_ row: Int, line: Int) {
        block.makeRow(row)
        lines[row] = Int32(clamping: line)
    }

    /// Sets a cell of a row made by `make`.
    @inline(__always) public func set(_ value: Value, row: Int, column: Int) {
        block.setMade(value, row: row, column: column)
    }

    /// Row `row` as a feature of its own (its values copied out), with no shape; the row is then dropped.
    public func take(_ row: Int, file: String) -> Feature {
        precondition(row >= 0 && row < rowCount, "row outside the table")
        let values = (0 ..< block.columns).map { block.value(row: row, column: $0) }
        block.dropRow(row)
        return Feature(location: SourceLocation(file: file, line: Int(lines[row])), shape: nil, values: ValueRow(values))
    }

    /// Drops row `row`.
    public func drop(_ row: Int) { block.dropRow(row) }

    /// Moves row `row` to `to` (at or before it, where no row is: moved away or dropped).
    public func move(_ row: Int, to: Int) {
        precondition(to <= row && row < rowCount, "row outside the table")
        block.moveRow(row, to: to)
        lines[to] = lines[row]
    }

    /// The table of rows `0 ..< kept` (each kept by `move`; every other row taken or dropped),
    /// a point table's shapes read from columns `point`. The draft is not used after.
    public func finish(kept: Int, file: String, point: (longitude: Int, latitude: Int)?) -> TableRows {
        block.finishRows(kept)
        return TableRows(file: file, lines: lines, count: kept, block: block, point: point)
    }
}
