import Foundation

/// For every kept row of a table, the first earlier kept row with the same text in every cell.
/// Rows with different hashes cannot be equal, so the rows are split by the top bits of their
/// hash into groups that are searched on every core, each in file order: the row found is the
/// one a single pass in file order finds, the first occurrence, whatever the cores do.
struct DuplicateRows {
    /// Row index of the earlier copy, or -1.
    private let earlier: [Int32]

    static let groupBits = 4

    init(table: Table, blocks: [RowTyper.Block]) {
        let rowCount = blocks.last?.rows.upperBound ?? 0
        let groups = 1 << DuplicateRows.groupBits
        // The kept rows of each group, in file order, side by side in one array: counted, then
        // placed, in two passes over the rows (rather than one pass per group).
        var bounds = [Int](repeating: 0, count: groups + 1)
        for block in blocks {
            for k in block.rejected.indices where !block.rejected[k] { bounds[DuplicateRows.group(of: block.hashes[k]) + 1] += 1 }
        }
        for g in 0..<groups { bounds[g + 1] += bounds[g] }
        var rows = [Int32](repeating: 0, count: bounds[groups])
        var hashes = [Int](repeating: 0, count: bounds[groups])
        var next = Array(bounds.dropLast())
        for block in blocks {
            for (k, r) in block.rows.enumerated() where !block.rejected[k] {
                let h = block.hashes[k], g = DuplicateRows.group(of: h)
                rows[next[g]] = Int32(r); hashes[next[g]] = h
                next[g] += 1
            }
        }
        var earlier = [Int32](repeating: -1, count: rowCount)
        let groupBounds = bounds, groupRows = rows, groupHashes = hashes
        earlier.withUnsafeMutableBufferPointer { buffer in
            let out = DuplicateWrites(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: groups) { group in
                let range = groupBounds[group]..<groupBounds[group + 1]
                var seen = RowHashTable(capacityFor: range.count)
                for i in range {
                    let r = Int(groupRows[i])
                    if let e = seen.earlierRow(hash: groupHashes[i], row: r, same: { table.sameText(r, $0) }) { out.buffer[r] = Int32(e) }
                }
            }
        }
        self.earlier = earlier
    }

    static func group(of hash: Int) -> Int { Int(UInt(bitPattern: hash) >> (UInt(Int.bitWidth) - UInt(groupBits))) }

    /// The first earlier row identical to kept row `r`, if any.
    func earlierCopy(of r: Int) -> Int? { earlier[r] < 0 ? nil : Int(earlier[r]) }
}

/// Each group writes the rows of its own hashes only, and the buffer outlives `concurrentPerform`.
private struct DuplicateWrites: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int32>
}
