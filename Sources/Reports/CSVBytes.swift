import Outputs

/// RFC 4180 CSV as UTF-8 bytes (the same quoting as `CSVWriter`), for large tables.
struct CSVBytes {
    var bytes: [UInt8] = []

    /// A cell as it is written: quoted only when it holds a comma, a quote or a line break.
    static func quoted(_ s: String) -> String { CSVWriter.quote(s) }
    /// A cell already quoted.
    mutating func raw(_ s: String, first: Bool = false) {
        if !first { bytes.append(44) }
        bytes.append(contentsOf: s.utf8)
    }
    mutating func text(_ s: String, first: Bool = false) { raw(Self.quoted(s), first: first) }
    /// A whole number, spelt straight into the bytes (no `String` per cell); nil: an empty cell.
    mutating func integer(_ n: Int?) {
        spell(atMost: CSVCursor.integerBytes) { $0.integer(n) }
    }
    /// A number as `NumberText.full` spells it (`Value.format`): whole numbers below 1e15
    /// without a decimal point, others in Swift's shortest round-trip form, NaN and infinities empty.
    mutating func number(_ d: Double) {
        if let n = CSVCursor.whole(d) { integer(n) } else { raw(NumberText.full(d)) }
    }
    /// A cell for a number that may be missing: as `number`, nil an empty cell (`NumberText.full`).
    mutating func number(_ d: Double?) {
        if let d { number(d) } else { bytes.append(44) }
    }
    mutating func endRow() { bytes.append(10) }

    /// Appends what `body` writes through a cursor, at most `capacity` bytes: a row of many cells
    /// is spelled on the stack and appended at once, rather than each cell grown into the array
    /// (a capacity check, a uniqueness check and a call a cell, a million rows).
    mutating func spell(atMost capacity: Int, _ body: (inout CSVCursor) -> Void) {
        withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) { scratch in
            var cursor = CSVCursor(scratch.baseAddress!)
            body(&cursor)
            let count = cursor.position - scratch.baseAddress!
            precondition(count <= capacity, "a row spelled past the room made for it")
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress!, count: count))
        }
    }
}

/// Where the next byte of a row goes (room made by `CSVBytes.spell`).
struct CSVCursor {
    private(set) var position: UnsafeMutableRawPointer
    init(_ start: UnsafeMutableRawPointer) { position = start }

    /// The most bytes `integer` writes: a comma, a sign and the digits (`DecimalDigits` may
    /// store past them, within its own `maxBytes`).
    static let integerBytes = 2 + DecimalDigits.maxBytes

    /// `d` as a whole number when `CSVBytes.number` spells it as one (whole, below 1e15).
    @inline(__always)
    static func whole(_ d: Double) -> Int? { d.isFinite && d == d.rounded() && abs(d) < 1e15 ? Int(d) : nil }

    @inline(__always)
    mutating func byte(_ b: UInt8) { position.storeBytes(of: b, as: UInt8.self); position += 1 }

    @inline(__always)
    mutating func bytes(_ b: [UInt8]) {
        b.withUnsafeBytes { if let start = $0.baseAddress { position.copyMemory(from: start, byteCount: $0.count) } }
        position += b.count
    }

    /// The UTF-8 bytes of `s`.
    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { if let start = $0.baseAddress { position.copyMemory(from: start, byteCount: $0.count) } }
        position += s.utf8.count
    }

    /// A comma and `n`; nil: the comma alone (an empty cell).
    @inline(__always)
    mutating func integer(_ n: Int?) {
        byte(44)
        guard let n else { return }
        if n < 0 { byte(45) }
        position += DecimalDigits.write(UInt64(n.magnitude), at: position)
    }
}

/// Room where a row is spelled (through a `CSVCursor`) before it is appended whole: made once
/// for all the rows of a table, grown when a row needs more.
final class RowScratch {
    private var start: UnsafeMutableRawPointer
    private var size: Int

    init(size: Int = 4096) {
        self.size = size
        start = .allocate(byteCount: size, alignment: 8)
    }
    deinit { start.deallocate() }

    /// A cursor at the start, with at least `room` bytes after it (what was spelled is dropped).
    func cursor(room: Int) -> CSVCursor {
        if room > size {
            start.deallocate()
            size = max(room, 2 * size)
            start = .allocate(byteCount: size, alignment: 8)
        }
        return CSVCursor(start)
    }

    /// Appends what was spelled up to `cursor` to `w`.
    func append(upTo cursor: CSVCursor, to w: inout CSVBytes) {
        let count = cursor.position - start
        precondition(count <= size, "a row spelled past the room made for it")
        w.bytes.append(contentsOf: UnsafeRawBufferPointer(start: start, count: count))
    }
}
