import Domain

/// Reading cells straight from the file's bytes, for the columns of a million-row table that
/// every row needs: numbers and coordinates, and the hash that finds repeated rows. Each gives
/// exactly what decoding the cell to a `String` first would, and declines (nil) where it could
/// not be sure, so that the caller takes the `String` path.
extension Table {
    /// What a cell of a number, date or coordinate column is, its bytes looked at once: blank
    /// (only spaces, as `cellIsBlank`), a missing-value token (`MissingTokens.matches`), or, when
    /// `number` is asked, a plain number that `NumberParsing.parse` with `decimal` reads as that
    /// same value (a cell with no quote to undo, and with the point as decimal mark: with no mark
    /// decided, or decimal commas, only cells without `.` or `,`); else the text path reads it.
    @inline(__always)
    static func typedCell(_ raw: UnsafeBufferPointer<UInt8>, flagged: Bool, missing: MissingTokens, number: Bool,
                          decimal: DecimalMark?) -> TypedCell {
        if Table.isBlank(raw) { return .blank }
        if missing.matches(raw) { return .token }
        guard number, !flagged else { return .other }
        if decimal != .point, raw.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) { return .other }
        return NumberParsing.plainValue(raw).map { .number($0) } ?? .other
    }

    /// Whether two rows have the same text in every cell (a blank cell reads as empty).
    func sameText(_ a: Int, _ b: Int) -> Bool {
        func text(_ row: Int, _ c: Int) -> String { cellIsBlank(row: row, column: c) ? "" : cell(row: row, column: c) }
        return (0..<columnCount).allSatisfy { text(a, $0) == text(b, $0) }
    }
}

/// The bytes and cell bounds of a table, borrowed for the typing of a block of rows.
struct CellBounds {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<UInt32>
    let ends: UnsafeBufferPointer<UInt32>
    let width: Int

    /// The raw bytes of cell `k` (row-major index), quotes still doubled when its end is flagged.
    @inline(__always) func raw(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(starts[k])..<Int(ends[k] & CSVCell.lengthMask)])
    }

    /// The hash of a row's cell texts joined by the delimiter (a blank cell read as empty), for
    /// the duplicate-row check: rows with the same text in every cell hash equally. A `plain` row
    /// (see `RowTyper`) whose bytes are all ASCII is hashed straight from the file; any other row's
    /// joined text is first put together in `scratch`, from the bytes of its plain ASCII cells and
    /// the decoded text of the others (decoded text is NFC, `CSVCell.text`, so texts Swift calls
    /// equal have equal bytes). Joining can make rows with different cells hash equally (a quoted
    /// cell holding the delimiter), which only costs a comparison of their texts.
    func rowHash(_ r: Int, plain: Bool, delimiter: UInt8, encoding: CodePage, scratch: inout [UInt8]) -> Int {
        let first = r * width
        if plain {
            var hash = TextHash()
            let span = UnsafeBufferPointer(rebasing: bytes[Int(starts[first])..<Int(ends[first + width - 1] & CSVCell.lengthMask)])
            if hash.add(span) { return hash.finalize() }
        }
        scratch.removeAll(keepingCapacity: true)
        for c in 0..<width {
            if c > 0 { scratch.append(delimiter) }
            let raw = self.raw(first + c)
            if Table.isBlank(raw) { continue }
            let flagged = ends[first + c] & CSVCell.unescapeFlag != 0
            if !flagged, !raw.contains(where: { $0 >= 0x80 }) { scratch.append(contentsOf: raw); continue }
            var text = CSVCell.decode(raw, flagged: flagged, encoding: encoding)
            text.withUTF8 { scratch.append(contentsOf: $0) }
        }
        var hash = TextHash()
        scratch.withUnsafeBufferPointer { _ = hash.add($0) }
        return hash.finalize()
    }
}

/// See `Table.typedCell`.
enum TypedCell {
    case blank, token, number(Double), other
}

/// A fast, deterministic hash of a text (a row: its cells joined by the delimiter), eight bytes at a time (each word mixed in by
/// one multiply, then the whole state scrambled at the end so that its top and low bits both
/// spread rows evenly). Equal texts give equal hashes; unequal ones rarely collide, and a
/// collision only costs a comparison of the rows' texts, never a wrong answer.
struct TextHash {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3

    @inline(__always) private mutating func mix(_ word: UInt64) {
        state = ((state << 5) | (state >> 59)) ^ word
        state = state &* 0x9E37_79B9_7F4A_7C15
    }

    /// Ends the text with its length.
    private mutating func add(length: Int) { mix(UInt64(length) ^ 0xA5A5_A5A5_0000_0000) }

    /// Adds the bytes of one text and its length; whether every byte was ASCII (below 0x80).
    @discardableResult
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { add(length: 0); return true }
        let n = bytes.count
        var seen: UInt64 = 0
        var i = 0
        while n - i >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            seen |= word
            mix(word)
            i += 8
        }
        if i < n {
            var word: UInt64 = 0, shift: UInt64 = 0
            while i < n { word |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
            seen |= word
            mix(word)
        }
        add(length: n)
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// The hash, with every bit of the state spread over every bit of the result (MurmurHash3's finaliser).
    func finalize() -> Int {
        var h = state
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(bitPattern: UInt(h))
    }
}
