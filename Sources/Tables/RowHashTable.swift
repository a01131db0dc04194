/// Rows seen so far, by the hash of their cells, for the duplicate-row check of a million-row
/// table: one open-addressing table (linear probing, sized once from the row count) instead of a
/// dictionary entry per row. Rows with equal hashes sit along one probe chain in the order they
/// were added, so the first earlier identical row is found as before.
struct RowHashTable {
    /// Per slot, the row's hash (high half: the 32 bits the rows keep) and its index + 1 (low half;
    /// 0 is an empty slot). Rows with equal hashes and different texts are told apart by text.
    private var slots: [UInt64]
    private let mask: Int

    init(capacityFor count: Int) {
        var size = 16
        while size < 2 * count { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The first row added with hash `h` for which `same` holds; else adds `row` and gives nil.
    mutating func earlierRow(hash h: UInt32, row: Int, same: (Int) -> Bool) -> Int? {
        let check = UInt64(h) << 32
        var slot = Int(h) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if entry & 0xFFFF_FFFF_0000_0000 == check, same(Int(entry & 0xFFFF_FFFF) - 1) { return Int(entry & 0xFFFF_FFFF) - 1 }
            slot = (slot + 1) & mask
        }
        slots[slot] = check | UInt64(row + 1)
        return nil
    }
}
