/// The values of one feature, in the order of its layer's fields: a window on a block of values
/// that the rows of a table share (one allocation for thousands of rows, where an array per row
/// took a million of them, 112 bytes each, for a million-row table), or a row of its own.
///
/// A value, like an array: a feature's values written through `subscript` are copied first when
/// the block is shared (with other rows, or with a copy of this one), so no other feature sees
/// the change.
public struct ValueRow: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Equatable, Sendable,
                        CustomStringConvertible {
    // 16 bytes in all (a feature of a million-row table holds one): positions and lengths of
    // rows are far below 2^32.
    @usableFromInline var block: ValueBlock
    @usableFromInline var start: UInt32
    @usableFromInline let length: UInt32
    @inlinable public var count: Int { Int(length) }

    /// A row of its own holding `values`.
    public init(_ values: [Value]) {
        block = ValueBlock.make(capacity: values.count)
        block.append(contentsOf: values)
        start = 0; length = UInt32(values.count)
    }
    public init(arrayLiteral elements: Value...) { self.init(elements) }
    public init() { self.init([]) }

    /// The `count` values from position `start` of `block` (a block of values end to end, which
    /// must hold them).
    public init(block: ValueBlock, start: Int, count: Int) {
        precondition(block.slots == nil, "a block of typed columns holds rows, not values end to end")
        precondition(start >= 0 && count >= 0 && start + count <= block.filled && start + count <= Int(UInt32.max), "row outside its block")
        self.block = block; self.start = UInt32(start); length = UInt32(count)
    }

    /// Row `row` of `block`, a block of typed columns (`ValueBlock.make(rows:numeric:)`).
    public init(row: Int, of block: ValueBlock) {
        precondition(block.slots != nil, "a block of values end to end holds no rows")
        precondition(row >= 0 && row < block.filled, "row outside its block")
        self.block = block; start = UInt32(row); length = UInt32(block.columns)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    @inlinable public subscript(i: Int) -> Value {
        get {
            precondition(i >= 0 && i < count, "value index out of range")
            if block.slots == nil { return block.value(at: Int(start) + i) }
            return block.value(row: Int(start), column: i)
        }
        set {
            precondition(i >= 0 && i < count, "value index out of range")
            // Written in place only in a block of values end to end that this row alone holds;
            // else (shared, or typed columns, which hold numbers only in some) copied first.
            if block.slots != nil || !isKnownUniquelyReferenced(&block) {
                let own = ValueBlock.make(capacity: count)
                for k in 0..<count { own.append(self[k]) }
                block = own; start = 0
            }
            block.set(newValue, at: Int(start) + i)
        }
    }

    public static func == (a: ValueRow, b: ValueRow) -> Bool { a.elementsEqual(b) }
    public var description: String { Array(self).description }
}

/// The values of many rows (see `ValueRow`), made once, on one thread, then read (or written
/// through a `ValueRow` that alone holds the block). Two layouts:
/// - values end to end (`make(capacity:)`, `append`): rows of any length, one after the other
///   (a reader making its rows one at a time fills blocks of them through `ValueRowBuilder`);
/// - typed columns (`make(rows:numeric:)`, `appendRow`): rows of one table, the cells of its
///   numeric columns kept as 8-byte numbers (null as one NaN no reader produces), the others as
///   values (24 bytes): a million rows of longitude, latitude and a count take 24 MB, not 72.
public final class ValueBlock: @unchecked Sendable {
    /// The values end to end; in typed columns, the cells of the columns that are not numeric,
    /// `otherWidth` a row.
    @usableFromInline let base: UnsafeMutablePointer<Value>
    /// Typed columns: the numeric cells, `numberWidth` a row.
    @usableFromInline let numbers: UnsafeMutablePointer<Double>?
    /// Typed columns: where each column's cell is in its row: `k >= 0` at `numbers[k]`, `k < 0` at
    /// `base[~k]`; nil for values end to end.
    @usableFromInline let slots: UnsafeMutablePointer<Int32>?
    @usableFromInline let columns: Int
    @usableFromInline let numberWidth: Int
    @usableFromInline let otherWidth: Int
    /// Values end to end: how many it has room for; typed columns: how many rows.
    public let room: Int
    /// Values end to end: how many are initialised, from the start; typed columns: how many rows.
    public var filled: Int { filledCount.pointee }
    /// `filled`, behind a pointer: a class's stored `var` is checked for exclusive access at every
    /// read and write (`swift_beginAccess`, a thread-local lookup), which every cell set while a
    /// million-row table was typed paid for (15% of the typing's time).
    private let filledCount: UnsafeMutablePointer<Int>

    /// The null of a numeric cell: a NaN whose bits no parser makes (they make the one quiet NaN).
    @usableFromInline static let nullBits: UInt64 = 0x7FF8_6E75_6C6C_0000

    private init(capacity: Int) {
        room = capacity
        filledCount = Self.newCount()
        base = UnsafeMutablePointer<Value>.allocate(capacity: Swift.max(capacity, 1))
        numbers = nil; slots = nil; columns = 0; numberWidth = 0; otherWidth = 0
    }

    private init(rows: Int, numeric: [Bool]) {
        room = rows
        filledCount = Self.newCount()
        columns = numeric.count
        let numberCount = numeric.filter { $0 }.count
        numberWidth = numberCount; otherWidth = numeric.count - numberCount
        base = UnsafeMutablePointer<Value>.allocate(capacity: Swift.max(rows * otherWidth, 1))
        numbers = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(rows * numberWidth, 1))
        let slots = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(numeric.count, 1))
        var n: Int32 = 0, o: Int32 = 0
        for (c, isNumber) in numeric.enumerated() {
            if isNumber { slots[c] = n; n += 1 } else { slots[c] = ~o; o += 1 }
        }
        self.slots = slots
    }

    /// A count of filled rows or values, at 0.
    private static func newCount() -> UnsafeMutablePointer<Int> {
        let count = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        count.initialize(to: 0)
        return count
    }

    /// A block for values end to end, with room for `capacity` of them.
    public static func make(capacity: Int) -> ValueBlock { ValueBlock(capacity: capacity) }
    /// A block for `rows` rows of typed columns, column `c` numeric (numbers or null only) when
    /// `numeric[c]`.
    public static func make(rows: Int, numeric: [Bool]) -> ValueBlock { ValueBlock(rows: rows, numeric: numeric) }

    deinit {
        base.deinitialize(count: slots == nil ? filled : filled * otherWidth)
        base.deallocate()
        numbers?.deallocate()
        slots?.deallocate()
        filledCount.deallocate()
    }

    public func append(_ value: Value) {
        precondition(slots == nil && filled < room, "value block full")
        (base + filled).initialize(to: value)
        filledCount.pointee += 1
    }
    public func append(contentsOf values: [Value]) {
        precondition(slots == nil && filled + values.count <= room, "value block full")
        values.withUnsafeBufferPointer { if let from = $0.baseAddress { (base + filled).initialize(from: from, count: $0.count) } }
        filledCount.pointee += values.count
    }
    /// Typed columns: appends a row of nulls, to be set afterwards (`set(_:row:column:)`);
    /// returns its index.
    public func appendRow() -> Int {
        precondition(slots != nil && filled < room, "value block full")
        (base + filled * otherWidth).initialize(repeating: .null, count: otherWidth)
        (numbers! + filled * numberWidth).initialize(repeating: Double(bitPattern: Self.nullBits), count: numberWidth)
        defer { filledCount.pointee += 1 }
        return filled
    }

    // Typed columns made for a whole table at once (`TableRowsDraft`): each row made by the
    // core that types it (any order, from any thread, each row once), then the kept rows moved
    // down in order on one thread, the others dropped, and the count of rows set last. Until
    // then `filled` is 0, and a block abandoned half made only leaks the text of its rows.

    /// Typed columns: makes row `row` (below `room`) a row of nulls.
    func makeRow(_ row: Int) {
        precondition(slots != nil && row >= 0 && row < room && filled == 0, "row outside a block being made")
        (base + row * otherWidth).initialize(repeating: .null, count: otherWidth)
        (numbers! + row * numberWidth).initialize(repeating: Double(bitPattern: Self.nullBits), count: numberWidth)
    }
    /// Typed columns: `set(_:row:column:)` for a row made by `makeRow` in a block being made.
    @inline(__always) func setMade(_ value: Value, row: Int, column: Int) {
        precondition(row >= 0 && row < room && column >= 0 && column < columns && filled == 0, "cell outside a block being made")
        store(value, row: row, column: column)
    }
    /// Typed columns: moves made row `row` to `to` (at or before it; a row moved away or
    /// dropped, or never made). `row` is then unmade.
    func moveRow(_ row: Int, to: Int) {
        precondition(to <= row && row < room && filled == 0, "row outside a block being made")
        guard row != to else { return }
        (base + to * otherWidth).moveInitialize(from: base + row * otherWidth, count: otherWidth)
        (numbers! + to * numberWidth).update(from: numbers! + row * numberWidth, count: numberWidth)
    }
    /// Typed columns: unmakes made row `row`.
    func dropRow(_ row: Int) {
        precondition(row >= 0 && row < room && filled == 0, "row outside a block being made")
        (base + row * otherWidth).deinitialize(count: otherWidth)
    }
    /// Typed columns: ends the making, rows `0 ..< count` made (and no other).
    func finishRows(_ count: Int) {
        precondition(slots != nil && count >= 0 && count <= room && filled == 0, "a block is made once")
        filledCount.pointee = count
    }

    @inlinable func value(at k: Int) -> Value { base[k] }
    @inlinable func value(row: Int, column: Int) -> Value {
        let k = Int(slots![column])
        if k < 0 { return base[row * otherWidth + ~k] }
        let d = numbers![row * numberWidth + k]
        return d.bitPattern == Self.nullBits ? .null : .number(d)
    }
    /// Replaces an initialised value (only while making the block, or through a `ValueRow` that
    /// alone holds it).
    @inline(__always) public func set(_ value: Value, at k: Int) {
        precondition(slots == nil && k >= 0 && k < filled, "value position outside the block")
        base[k] = value
    }
    /// Typed columns: replaces a cell of a row (only while making the block). A numeric column
    /// takes numbers and null only.
    @inline(__always) public func set(_ value: Value, row: Int, column: Int) {
        precondition(row >= 0 && row < filled && column >= 0 && column < columns, "cell outside the block")
        store(value, row: row, column: column)
    }
    /// Typed columns: writes a cell of an initialised row (checked by the callers).
    @inline(__always) private func store(_ value: Value, row: Int, column: Int) {
        let k = Int(slots![column])
        if k < 0 { base[row * otherWidth + ~k] = value; return }
        switch value {
        case .number(let d): numbers![row * numberWidth + k] = d
        case .null: numbers![row * numberWidth + k] = Double(bitPattern: Self.nullBits)
        default: preconditionFailure("a numeric column holds numbers only")
        }
    }
}

/// Rows appended one after the other into shared blocks of values end to end, for a reader that
/// makes its rows one at a time (a DBF, an OGR layer): a block per 65,536 values, not one per row.
public struct ValueRowBuilder {
    public static let blockValues = 65_536
    private var block = ValueBlock.make(capacity: 0)

    public init() {}

    /// `values` as a row of the current block (a new block when it has no room left).
    public mutating func row(_ values: [Value]) -> ValueRow {
        if block.filled + values.count > block.room {
            block = ValueBlock.make(capacity: Swift.max(Self.blockValues, values.count))
        }
        let start = block.filled
        block.append(contentsOf: values)
        return ValueRow(block: block, start: start, count: values.count)
    }
}
