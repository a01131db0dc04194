import Foundation
import Domain

/// For every kept row of a table, the first earlier kept row with the same text in every cell.
/// Rows with different hashes cannot be equal, so the rows are split by the top bits of their
/// hash into groups that are searched on every core, each in file order: the row found is the
/// one a single pass in file order finds, the first occurrence, whatever the cores do.
struct DuplicateRows {
    /// The rows that repeat an earlier one, ascending, and the earlier row of each: duplicates
    /// are few, so they are listed rather than given a slot for every row of the table.
    private let repeats: [Int32]
    private let earlier: [Int32]

    static let groupBits = 4

    init(table: Table, blocks: [RowTyper.Block]) {
        let groups = 1 << DuplicateRows.groupBits
        // The kept rows of each group, in file order, side by side in one array: counted, then
        // placed, in two passes over the rows (rather than one pass per group).
        var bounds = [Int](repeating: 0, count: groups + 1)
        for block in blocks {
            for k in block.rejected.indices where !block.rejected[k] { bounds[DuplicateRows.group(of: block.hashes[k]) + 1] += 1 }
        }
        for g in 0..<groups { bounds[g + 1] += bounds[g] }
        var rows = [Int32](repeating: 0, count: bounds[groups])
        var hashes = [UInt32](repeating: 0, count: bounds[groups])
        var next = Array(bounds.dropLast())
        for block in blocks {
            for (k, r) in block.rows.enumerated() where !block.rejected[k] {
                let h = block.hashes[k], g = DuplicateRows.group(of: h)
                rows[next[g]] = Int32(r); hashes[next[g]] = h
                next[g] += 1
            }
        }
        let groupBounds = bounds, groupRows = rows, groupHashes = hashes
        let found = Parallel.map(groups) { group -> [(row: Int32, earlier: Int32)] in
            let range = groupBounds[group]..<groupBounds[group + 1]
            var seen = RowHashTable(capacityFor: range.count)
            var found: [(row: Int32, earlier: Int32)] = []
            for i in range {
                let r = Int(groupRows[i])
                if let e = seen.earlierRow(hash: groupHashes[i], row: r, same: { table.sameText(r, $0) }) { found.append((Int32(r), Int32(e))) }
            }
            return found
        }
        let pairs = found.joined().sorted { $0.row < $1.row }
        repeats = pairs.map { $0.row }
        earlier = pairs.map { $0.earlier }
    }

    /// The group of a row: the top bits of the 32 kept of its hash (`RowHashTable` finds slots by
    /// the low ones).
    static func group(of hash: UInt32) -> Int { Int(hash >> UInt32(32 - groupBits)) }

    /// The first earlier row identical to kept row `r`, if any.
    func earlierCopy(of r: Int) -> Int? {
        guard !repeats.isEmpty else { return nil }
        // Binary search for `r` among the repeating rows.
        var lo = 0, hi = repeats.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(repeats[mid]) < r { lo = mid + 1 } else { hi = mid }
        }
        return lo < repeats.count && Int(repeats[lo]) == r ? Int(earlier[lo]) : nil
    }
}
