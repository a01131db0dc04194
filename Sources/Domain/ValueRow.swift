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

    /// The `count` values from position `start` of `block` (which must hold them).
    public init(block: ValueBlock, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= block.filled && start + count <= Int(UInt32.max), "row outside its block")
        self.block = block; self.start = UInt32(start); length = UInt32(count)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    @inlinable public subscript(i: Int) -> Value {
        get {
            precondition(i >= 0 && i < count, "value index out of range")
            return block.value(at: Int(start) + i)
        }
        set {
            precondition(i >= 0 && i < count, "value index out of range")
            if !isKnownUniquelyReferenced(&block) {
                let own = ValueBlock.make(capacity: count)
                for k in 0..<count { own.append(block.value(at: Int(start) + k)) }
                block = own; start = 0
            }
            block.set(newValue, at: Int(start) + i)
        }
    }

    public static func == (a: ValueRow, b: ValueRow) -> Bool { a.elementsEqual(b) }
    public var description: String { Array(self).description }
}

/// Values laid end to end for many rows (see `ValueRow`), appended once, while the block is made
/// on one thread, and read (or written through a `ValueRow` that alone holds the block) after.
public final class ValueBlock: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Value>
    private let capacity: Int
    /// How many values are initialised, from the start.
    public private(set) var filled = 0

    private init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutablePointer<Value>.allocate(capacity: Swift.max(capacity, 1))
    }
    /// A block with room for `capacity` values.
    public static func make(capacity: Int) -> ValueBlock { ValueBlock(capacity: capacity) }
    deinit {
        base.deinitialize(count: filled)
        base.deallocate()
    }

    public func append(_ value: Value) {
        precondition(filled < capacity, "value block full")
        (base + filled).initialize(to: value)
        filled += 1
    }
    public func append<S: Sequence>(contentsOf values: S) where S.Element == Value {
        for v in values { append(v) }
    }
    /// Appends `count` nulls, to be set afterwards (`set`); returns the position of the first.
    public func appendNulls(_ count: Int) -> Int {
        precondition(filled + count <= capacity, "value block full")
        (base + filled).initialize(repeating: .null, count: count)
        defer { filled += count }
        return filled
    }
    @inlinable func value(at k: Int) -> Value { base[k] }
    /// Replaces an initialised value (only while making the block, or through a `ValueRow` that
    /// alone holds it).
    @inline(__always) public func set(_ value: Value, at k: Int) {
        precondition(k >= 0 && k < filled, "value position outside the block")
        base[k] = value
    }
}
