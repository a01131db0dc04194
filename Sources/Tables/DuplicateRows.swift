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
        var earlier = [Int32](repeating: -1, count: rowCount)
        earlier.withUnsafeMutableBufferPointer { buffer in
            let out = DuplicateWrites(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: 1 << DuplicateRows.groupBits) { group in
                var rows: [Int32] = []
                var hashes: [Int] = []
                for block in blocks {
                    for (k, r) in block.rows.enumerated() where !block.rejected[k] && DuplicateRows.group(of: block.hashes[k]) == group {
                        rows.append(Int32(r)); hashes.append(block.hashes[k])
                    }
                }
                var seen = RowHashTable(capacityFor: rows.count)
                for (row, h) in zip(rows, hashes) {
                    let r = Int(row)
                    if let e = seen.earlierRow(hash: h, row: r, same: { table.sameText(r, $0) }) { out.buffer[r] = Int32(e) }
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
