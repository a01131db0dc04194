import Domain

/// Reading cells straight from the file's bytes, for the columns of a million-row table that
/// every row needs: numbers and coordinates, and the hash that finds repeated rows. Each gives
/// exactly what decoding the cell to a `String` first would, and declines (nil) where it could
/// not be sure, so that the caller takes the `String` path.
extension Table {
    /// The value of a numeric cell when its bytes are a plain number that `NumberParsing.parse`
    /// with `decimal` reads as that same value: a cell with no quote to undo, and with the point
    /// as decimal mark (with no mark decided, or decimal commas, only cells without `.` or `,`,
    /// which those read as plain numbers too).
    func plainNumber(row r: Int, column c: Int, decimal: DecimalMark?) -> Double? {
        let k = r * columnCount + c
        let end = cellEnds[k]
        guard end & CSVCell.unescapeFlag == 0 else { return nil }
        let s = Int(cellStarts[k]), e = Int(end)
        return bytes.withUnsafeBufferPointer { all -> Double? in
            let raw = UnsafeBufferPointer(rebasing: all[s..<e])
            if decimal != .point, raw.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) { return nil }
            return NumberParsing.plainValue(raw)
        }
    }

    /// Feeds `hasher` the UTF-8 of the cell's text (empty for a blank cell, as the duplicate check
    /// reads it), so that cells with equal text hash equally. An ASCII cell with no quote to undo
    /// is its own text; any other is decoded, and decoded text is NFC (`CSVCell.text`), so two
    /// texts Swift calls equal have the same bytes.
    func combineText(row r: Int, column c: Int, into hasher: inout Hasher) {
        if cellIsBlank(row: r, column: c) { hasher.combine(0); return }
        let k = r * columnCount + c
        let end = cellEnds[k]
        let s = Int(cellStarts[k]), e = Int(end & CSVCell.lengthMask)
        let plain = end & CSVCell.unescapeFlag == 0 && bytes.withUnsafeBufferPointer { all in
            let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[s..<e]))
            guard !raw.contains(where: { $0 >= 0x80 }) else { return false }
            hasher.combine(bytes: raw)
            return true
        }
        if plain { hasher.combine(e - s); return }
        var text = cell(row: r, column: c)
        let count = text.withUTF8 { u in hasher.combine(bytes: UnsafeRawBufferPointer(u)); return u.count }
        hasher.combine(count)
    }

    /// The hash of a row's cell texts, for the duplicate-row check: rows with the same text in
    /// every cell hash equally.
    func rowHash(_ r: Int) -> Int {
        var hasher = Hasher()
        for c in 0..<columnCount { combineText(row: r, column: c, into: &hasher) }
        return hasher.finalize()
    }

    /// Whether two rows have the same text in every cell (a blank cell reads as empty).
    func sameText(_ a: Int, _ b: Int) -> Bool {
        func text(_ row: Int, _ c: Int) -> String { cellIsBlank(row: row, column: c) ? "" : cell(row: row, column: c) }
        return (0..<columnCount).allSatisfy { text(a, $0) == text(b, $0) }
    }
}
