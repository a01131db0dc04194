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
    func typedCell(row r: Int, column c: Int, missing: MissingTokens, number: Bool, decimal: DecimalMark?) -> TypedCell {
        let k = r * columnCount + c
        let end = cellEnds[k]
        let s = Int(cellStarts[k]), e = Int(end & CSVCell.lengthMask)
        return bytes.withUnsafeBufferPointer { all -> TypedCell in
            let raw = UnsafeBufferPointer(rebasing: all[s..<e])
            if Table.isBlank(raw) { return .blank }
            if missing.matches(raw) { return .token }
            guard number, end & CSVCell.unescapeFlag == 0 else { return .other }
            if decimal != .point, raw.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) { return .other }
            return NumberParsing.plainValue(raw).map { .number($0) } ?? .other
        }
    }

    /// Feeds `hash` the UTF-8 of the cell's text (nothing but a zero length for a blank cell, as
    /// the duplicate check reads it as empty), so that cells with equal text hash equally. An
    /// ASCII cell with no quote to undo is its own text, hashed straight from the file's bytes;
    /// any other is decoded, and decoded text is NFC (`CSVCell.text`), so two texts Swift calls
    /// equal have the same bytes.
    func addText(row r: Int, column c: Int, to hash: inout TextHash) {
        if cellIsBlank(row: r, column: c) { hash.add(length: 0); return }
        let k = r * columnCount + c
        let end = cellEnds[k]
        let s = Int(cellStarts[k]), e = Int(end & CSVCell.lengthMask)
        if end & CSVCell.unescapeFlag == 0 {
            var plain = hash
            let ascii = bytes.withUnsafeBufferPointer { all in plain.add(UnsafeBufferPointer(rebasing: all[s..<e])) }
            if ascii { hash = plain; return }
        }
        var text = cell(row: r, column: c)
        _ = text.withUTF8 { hash.add($0) }
    }

    /// The hash of a row's cell texts, for the duplicate-row check: rows with the same text in
    /// every cell hash equally.
    func rowHash(_ r: Int) -> Int {
        var hash = TextHash()
        for c in 0..<columnCount { addText(row: r, column: c, to: &hash) }
        return hash.finalize()
    }

    /// Whether two rows have the same text in every cell (a blank cell reads as empty).
    func sameText(_ a: Int, _ b: Int) -> Bool {
        func text(_ row: Int, _ c: Int) -> String { cellIsBlank(row: row, column: c) ? "" : cell(row: row, column: c) }
        return (0..<columnCount).allSatisfy { text(a, $0) == text(b, $0) }
    }
}

/// See `Table.typedCell`.
enum TypedCell {
    case blank, token, number(Double), other
}

/// A fast, deterministic hash of a sequence of texts, eight bytes at a time (each word mixed in by
/// one multiply, then the whole state scrambled at the end so that its top and low bits both
/// spread rows evenly). Equal texts give equal hashes; unequal ones rarely collide, and a
/// collision only costs a comparison of the rows' texts, never a wrong answer.
struct TextHash {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3

    @inline(__always) private mutating func mix(_ word: UInt64) {
        state = ((state << 5) | (state >> 59)) ^ word
        state = state &* 0x9E37_79B9_7F4A_7C15
    }

    /// Ends one text: its length keeps `ab`,`c` apart from `a`,`bc`.
    mutating func add(length: Int) { mix(UInt64(length) ^ 0xA5A5_A5A5_0000_0000) }

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
