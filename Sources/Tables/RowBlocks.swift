import Foundation
import Domain

/// A table's rows cut into consecutive blocks, to work on them on every core and then take the
/// results in row order. Blocks are smaller than a core's share so that a core slowed by other
/// work leaves its remaining blocks to the others.
struct RowBlocks {
    let ranges: [Range<Int>]

    init(rowCount: Int, rowsPerBlock: Int = 32_768) {
        ranges = stride(from: 0, to: rowCount, by: rowsPerBlock).map { $0..<min($0 + rowsPerBlock, rowCount) }
    }

    /// `body` of every block, concurrently, the results in block order.
    func map<T>(_ body: @Sendable (Range<Int>) -> T) -> [T] {
        let ranges = self.ranges
        return Parallel.map(ranges.count) { body(ranges[$0]) }
    }
}

/// Sums the rows done by blocks running at once and tells the caller's counter the running total.
final class RowProgress: @unchecked Sendable {
    private let report: ((Int) -> Void)?
    private let lock = NSLock()
    private var done = 0

    init(_ report: ((Int) -> Void)?) { self.report = report }

    func add(_ rows: Int) {
        guard let report else { return }
        lock.lock(); defer { lock.unlock() }
        done += rows
        report(done)
    }
}
