import Foundation
import Domain
import Geometry

/// One `BoundaryChecker` per core, each on a GEOS context of its own: a GEOS geometry belongs to
/// the context that made it, so each thread builds and uses only its own checker's geometries.
/// The boundary review hands its parents and its units out to them, one item at a time, and
/// merges the results in item order, so that what it reports does not depend on timing.
final class CheckerPool: @unchecked Sendable {
    let checkers: [BoundaryChecker]
    private let lock = NSLock()

    init(_ polygons: [[Polygon]], tolerances: BoundaryTolerances, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        checkers = try (0 ..< max(1, threads)).map { _ in try BoundaryChecker(polygons, tolerances: tolerances, context: GEOSContext()) }
    }

    /// The checker of the calling thread once `map` has returned (the first one).
    var main: BoundaryChecker { checkers[0] }

    /// `body(checker, item)` for every item in `0 ..< count`, spread over the checkers (each
    /// used by one thread at a time), the results in item order.
    func map<T>(_ count: Int, _ body: (BoundaryChecker, Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        let next = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        next.initialize(to: 0)
        defer { next.deallocate() }
        withoutActuallyEscaping(body) { body in
            results.withUnsafeMutableBufferPointer { buffer in
                let shared = PoolWork(buffer: buffer, next: next, body: body)
                DispatchQueue.concurrentPerform(iterations: min(checkers.count, max(count, 1))) { [self] w in
                    while true {
                        lock.lock()
                        let i = shared.next.pointee
                        shared.next.pointee += 1
                        lock.unlock()
                        guard i < count else { break }
                        shared.buffer[i] = shared.body(checkers[w], i)
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

/// Each item's result is written by the one thread that took the item; the buffer outlives
/// `concurrentPerform`.
private struct PoolWork<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
    /// The next item to hand out, taken under the pool's lock.
    let next: UnsafeMutablePointer<Int>
    let body: (BoundaryChecker, Int) -> T
}
