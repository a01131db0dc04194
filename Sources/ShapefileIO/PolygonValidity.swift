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
        // A few slices per core, so that one slice of hard polygons does not leave a core idle.
        let slices = Parallel.ranges(shapes.count, minimum: shapesPerSlice)
        let results = Parallel.map(slices.count) { s in Result { try checkSlice(shapes[slices[s]]) } }
        var outcomes: [Outcome?] = []
        outcomes.reserveCapacity(shapes.count)
        // Slices in order; the first slice that could not start GEOS gives the error.
        for r in results { outcomes += try r.get() }
        return outcomes
    }

    /// How many slices `check` cuts a layer of `count` shapes into.
    static func sliceCount(_ count: Int) -> Int { Parallel.ranges(count, minimum: shapesPerSlice).count }

    /// Each shape first meets the exact proof of `ValidityProof`; only a shape it cannot prove
    /// valid goes to GEOS, whose verdict, reason, place and repair are then exactly as before (the
    /// proof calls valid only what GEOS calls valid). The GEOS context starts at the first such shape.
    static func checkSlice(_ shapes: ArraySlice<Shape?>) throws -> [Outcome?] {
        var proof = ValidityProof()
        var geos: GEOSContext? = nil
        var outcomes: [Outcome?] = []
        outcomes.reserveCapacity(shapes.count)
        for shape in shapes {
            guard case .polygons(let ps)? = shape else { outcomes.append(nil); continue }
            if proof.provesValid(ps) { outcomes.append(.checked(.valid)); continue }
            let context = try geos ?? GEOSContext()
            geos = context
            do { outcomes.append(.checked(try context.validate(ps))) } catch { outcomes.append(.failed("\(error)")) }
        }
        return outcomes
    }
}
