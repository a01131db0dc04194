import Foundation
import Domain
import Geometry

/// GEOS validity checks (and MakeValid repairs) of a layer's polygon shapes, spread over the
/// cores: the shapes are cut into contiguous slices, each checked on its own thread with its own
/// GEOS context (a context must not be shared between threads). A 6,000-unit layer of 1.9 M
/// vertices spends most of its reading time here.
enum PolygonValidity {
    /// What the check of one shape gave: GEOS's verdict, or the text of the error GEOS raised.
    enum Outcome: Sendable {
        case checked(ValidityCheck)
        case failed(String)
    }

    /// Below this many polygon shapes one thread does all (starting threads would cost more).
    static let shapesPerSlice = 256

    /// The outcome for every shape that is polygonal (nil for the others), by position.
    static func check(_ shapes: [Shape?]) throws -> [Outcome?] {
        let slices = sliceCount(shapes.count)
        let results = SliceResults(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { s in
            let range = sliceRange(s, of: slices, count: shapes.count)
            results.store(s, Result { try checkSlice(shapes[range]) })
        }
        var outcomes: [Outcome?] = []
        outcomes.reserveCapacity(shapes.count)
        // Slices in order; the first slice that could not start GEOS gives the error.
        for s in 0..<slices { outcomes += try results.take(s).get() }
        return outcomes
    }

    static func sliceCount(_ count: Int) -> Int {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // A few slices per core, so that one slice of hard polygons does not leave a core idle.
        return max(1, min(cores * 4, count / shapesPerSlice))
    }

    static func sliceRange(_ s: Int, of slices: Int, count: Int) -> Range<Int> {
        (count * s / slices)..<(count * (s + 1) / slices)
    }

    static func checkSlice(_ shapes: ArraySlice<Shape?>) throws -> [Outcome?] {
        let geos = try GEOSContext()
        return shapes.map { shape in
            guard case .polygons(let ps)? = shape else { return nil }
            do { return .checked(try geos.validate(ps)) } catch { return .failed("\(error)") }
        }
    }

    /// Each slice's result, written by its own thread.
    private final class SliceResults: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<[Outcome?], Error>?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func store(_ s: Int, _ r: Result<[Outcome?], Error>) { lock.lock(); results[s] = r; lock.unlock() }
        func take(_ s: Int) -> Result<[Outcome?], Error> { lock.lock(); defer { lock.unlock() }; return results[s]! }
    }
}
