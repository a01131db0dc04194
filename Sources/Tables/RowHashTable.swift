/// Rows seen so far, by the hash of their cells, for the duplicate-row check of a million-row
/// table: one open-addressing table (linear probing, sized once from the row count) instead of a
/// dictionary entry per row. Rows with equal hashes sit along one probe chain in the order they
/// were added, so the first earlier identical row is found as before.
struct RowHashTable {
    private var hashes: [Int]
    /// Row index + 1 in each slot; 0 is an empty slot.
    private var rows: [Int32]
    private let mask: Int

    init(capacityFor count: Int) {
        var size = 16
        while size < 2 * count { size <<= 1 }
        hashes = [Int](repeating: 0, count: size)
        rows = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The first row added with hash `h` for which `same` holds; else adds `row` and gives nil.
    mutating func earlierRow(hash h: Int, row: Int, same: (Int) -> Bool) -> Int? {
        var slot = h & mask
        while rows[slot] != 0 {
            let earlier = Int(rows[slot]) - 1
            if hashes[slot] == h, same(earlier) { return earlier }
            slot = (slot + 1) & mask
        }
        hashes[slot] = h
        rows[slot] = Int32(row + 1)
        return nil
    }
}
