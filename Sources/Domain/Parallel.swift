import Foundation

/// Work split over the machine's cores. Each job writes only its own slot (or its own disjoint
/// part of a buffer), so results come back in job order and the outcome does not depend on which
/// core ran what or when: parallel runs give the same bytes as one core. One helper for every
/// module that spreads work (tables, validity checks, joins, maps).
public enum Parallel {
    /// Cores to spread work over (at least one).
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `count` items cut into about `perCore` contiguous ranges per core, each at least `minimum`
    /// long (one range when the work is too small to be worth splitting).
    public static func ranges(_ count: Int, minimum: Int, perCore: Int = 4) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let pieces = max(1, min(cores * perCore, count / max(1, minimum)))
        return (0 ..< pieces).map { k in count * k / pieces ..< count * (k + 1) / pieces }
    }

    /// How many slices a pass over `count` items is cut into by default: one below 65,536 items
    /// (not worth a thread's start), else four per core (so that a core slowed by another job
    /// leaves the others work to take).
    public static func slices(for count: Int) -> Int { count < 1 << 16 ? 1 : cores * 4 }

    /// `body(k)` for every k in `0 ..< count`, on every core at once; results in k order.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        if count <= 1 || cores == 1 { return (0 ..< count).map(body) }
        let slots = Slots<T>(count)
        // The jobs share only what `body` reads; the callers' data is not changed while they run.
        withoutActuallyEscaping(body) { body in
            let job = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: count) { k in slots.set(k, job.value(k)) }
        }
        return slots.values
    }

    /// `body` over `0 ..< count` cut into contiguous chunks on every core; the chunks' results
    /// joined in order.
    public static func flatMap<T>(_ count: Int, minimum: Int, _ body: (Range<Int>) -> [T]) -> [T] {
        let parts = ranges(count, minimum: minimum)
        guard parts.count > 1 else { return parts.first.map(body) ?? [] }
        return map(parts.count) { body(parts[$0]) }.flatMap { $0 }
    }
}

/// A value handed to concurrent jobs that only read it (or write disjoint parts of it).
public struct UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// One slot per job, each written once by the job that owns it, read after all jobs are done.
public final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    public let count: Int
    public init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }
    deinit { base.deinitialize(count: count); base.deallocate() }
    public func set(_ k: Int, _ value: T) { base[k] = value }
    public var values: [T] { (0 ..< count).map { base[$0]! } }
}

/// A buffer that several jobs write at once, each only at indices no other job writes.
public struct DisjointBuffer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    public init(base: UnsafeMutablePointer<T>) { self.base = base }
    @inline(__always) public func write(_ k: Int, _ value: T) { base[k] = value }
}
