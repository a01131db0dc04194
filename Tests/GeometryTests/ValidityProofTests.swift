import Foundation
import XCTest
import Domain
import TestSupport
@testable import Geometry

/// The exact validity proof against GEOS: for each hand-made shape, what the proof says (proved, or
/// left to GEOS) and GEOSisValid's own verdict on the same polygons. The proof may leave a
/// GEOS-valid shape to GEOS; it must never prove a shape GEOS calls invalid.
final class ValidityProofTests: XCTestCase {
    func ring(_ xy: [(Double, Double)]) -> Ring { xy.map { Coordinate($0.0, $0.1) } }
    func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring {
        ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    }

    /// GEOS's verdict: true valid, false invalid (repaired), nil when GEOS raised an error.
    func geosValid(_ ps: [Polygon]) throws -> Bool? {
        let ctx = try GEOSContext()
        guard let check = try? ctx.validate(ps) else { return nil }
        if case .valid = check { return true }
        return false
    }

    struct Case { let name: String; let polygons: [Polygon]; let proved: Bool; let geosValid: Bool }

    /// Each shape with the verdicts worked out by hand (GEOS's rules: IsValidOp of GEOS 3.11).
    var cases: [Case] {
        let sq = box(0, 0, 10, 10)
        return [
            Case(name: "square", polygons: [Polygon(exterior: sq)], proved: true, geosValid: true),
            Case(name: "clockwise square with a clockwise hole", polygons: [Polygon(exterior: sq.reversed(), holes: [box(2, 2, 4, 4).reversed()])],
                 proved: true, geosValid: true),
            Case(name: "two holes apart", polygons: [Polygon(exterior: sq, holes: [box(1, 1, 3, 3), box(5, 5, 8, 8)])], proved: true, geosValid: true),
            Case(name: "bow-tie", polygons: [Polygon(exterior: ring([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)]))], proved: false, geosValid: false),
            Case(name: "spike out of the top edge",
                 polygons: [Polygon(exterior: ring([(0, 0), (4, 0), (4, 4), (2, 4), (2, 6), (2, 4), (0, 4), (0, 0)]))], proved: false, geosValid: false),
            Case(name: "spike doubling back along an edge",
                 polygons: [Polygon(exterior: ring([(0, 0), (4, 0), (4, 4), (0, 4), (0, 0), (2, 0), (0, 0)]))], proved: false, geosValid: false),
            Case(name: "zero-area ring", polygons: [Polygon(exterior: ring([(0, 0), (1, 1), (2, 2), (0, 0)]))], proved: false, geosValid: false),
            Case(name: "collinear overlap of two edges of one ring",
                 polygons: [Polygon(exterior: ring([(0, 0), (4, 0), (4, 2), (3, 2), (3, 0), (2, 0), (2, 3), (0, 3), (0, 0)]))],
                 proved: false, geosValid: false),
            Case(name: "ring touching itself at a vertex (an inverted hole)",
                 polygons: [Polygon(exterior: ring([(0, 0), (4, 0), (4, 4), (2, 0), (0, 4), (0, 0)]))],
                 proved: false, geosValid: false),
            Case(name: "hole touching the shell at one point", polygons: [Polygon(exterior: sq, holes: [ring([(0, 5), (3, 4), (3, 6), (0, 5)])])],
                 proved: false, geosValid: true),
            Case(name: "holes touching at one point", polygons: [Polygon(exterior: sq, holes: [box(1, 1, 3, 3), box(3, 3, 5, 5)])],
                 proved: false, geosValid: true),
            Case(name: "holes sharing an edge", polygons: [Polygon(exterior: sq, holes: [box(1, 1, 3, 3), box(3, 1, 5, 3)])],
                 proved: false, geosValid: false),
            Case(name: "hole crossing the shell", polygons: [Polygon(exterior: sq, holes: [box(8, 2, 12, 4)])], proved: false, geosValid: false),
            Case(name: "hole outside the shell", polygons: [Polygon(exterior: sq, holes: [box(12, 2, 14, 4)])], proved: false, geosValid: false),
            Case(name: "nested holes", polygons: [Polygon(exterior: sq, holes: [box(1, 1, 9, 9), box(3, 3, 5, 5)])], proved: false, geosValid: false),
            Case(name: "nested holes, inner one listed first", polygons: [Polygon(exterior: sq, holes: [box(3, 3, 5, 5), box(1, 1, 9, 9)])],
                 proved: false, geosValid: false),
            Case(name: "two parts apart", polygons: [Polygon(exterior: sq), Polygon(exterior: box(20, 0, 30, 10))], proved: true, geosValid: true),
            Case(name: "two parts overlapping", polygons: [Polygon(exterior: sq), Polygon(exterior: box(5, 5, 15, 15))], proved: false, geosValid: false),
            Case(name: "a part inside another", polygons: [Polygon(exterior: sq), Polygon(exterior: box(2, 2, 4, 4))], proved: false, geosValid: false),
            Case(name: "a part inside another, listed first", polygons: [Polygon(exterior: box(2, 2, 4, 4)), Polygon(exterior: sq)],
                 proved: false, geosValid: false),
            Case(name: "a part inside another part's hole", polygons: [Polygon(exterior: sq, holes: [box(2, 2, 8, 8)]), Polygon(exterior: box(4, 4, 6, 6))],
                 proved: false, geosValid: true),
            Case(name: "parts touching at a point", polygons: [Polygon(exterior: sq), Polygon(exterior: box(10, 10, 20, 20))], proved: false, geosValid: true),
            Case(name: "parts sharing an edge", polygons: [Polygon(exterior: sq), Polygon(exterior: box(10, 0, 20, 10))], proved: false, geosValid: false),
            Case(name: "repeated consecutive point", polygons: [Polygon(exterior: ring([(0, 0), (10, 0), (10, 0), (10, 10), (0, 10), (0, 0)]))],
                 proved: false, geosValid: true),
            // A sliver whose apex is off the diagonal by one unit in the last place: a thin but true
            // triangle, valid for GEOS, whose turn the floating-point filter cannot certify (GEOS
            // settles it in double-double arithmetic): left to GEOS. A less thin one is proved.
            Case(name: "sliver one ulp off collinear", polygons: [Polygon(exterior: ring([(0, 0), (1, 1), (0.5, 0.5000000000000001), (0, 0)]))],
                 proved: false, geosValid: true),
            Case(name: "sliver 0.01 off collinear", polygons: [Polygon(exterior: ring([(0, 0), (1, 1), (0.5, 0.51), (0, 0)]))],
                 proved: true, geosValid: true),
            Case(name: "axis-aligned collinear vertices (filter-exact zero turn)",
                 polygons: [Polygon(exterior: ring([(0, 0), (5, 0), (10, 0), (10, 10), (0, 10), (0, 5), (0, 0)]))], proved: true, geosValid: true),
            Case(name: "apex exactly on the diagonal", polygons: [Polygon(exterior: ring([(0, 0), (1, 1), (0.5, 0.5), (0, 0)]))], proved: false, geosValid: false),
        ]
    }

    func testHandMadeShapesAgainstGEOS() throws {
        var proof = ValidityProof()
        for c in cases {
            XCTAssertEqual(proof.provesValid(c.polygons), c.proved, "proof: \(c.name)")
            XCTAssertEqual(try geosValid(c.polygons), c.geosValid, "GEOS: \(c.name)")
        }
    }

    func testNonFiniteAndOutOfRangeCoordinatesAreLeftToGEOS() throws {
        var proof = ValidityProof()
        let nan = Polygon(exterior: ring([(0, 0), (10, 0), (.nan, 10), (0, 10), (0, 0)]))
        XCTAssertFalse(proof.provesValid([nan]))
        XCTAssertNotEqual(try geosValid([nan]), true, "GEOS: a NaN coordinate is invalid")
        let infinite = Polygon(exterior: ring([(0, 0), (.infinity, 0), (10, 10), (0, 10), (0, 0)]))
        XCTAssertFalse(proof.provesValid([infinite]))
        // Valid for GEOS, but beyond the range where the orientation is exact: not proved.
        let huge = Polygon(exterior: box(0, 0, 1e120, 1e120))
        XCTAssertFalse(proof.provesValid([huge]))
        XCTAssertEqual(try geosValid([huge]), true)
        let tiny = Polygon(exterior: box(1e-120, 1e-120, 2e-120, 2e-120))
        XCTAssertFalse(proof.provesValid([tiny]))
        XCTAssertFalse(proof.provesValid([]), "an empty shape is GEOS's to judge")
        XCTAssertFalse(proof.provesValid([Polygon(exterior: ring([(0, 0), (1, 0), (0, 1)]))]), "unclosed")
        XCTAssertFalse(proof.provesValid([Polygon(exterior: ring([(0, 0), (1, 0), (0, 0)]))]), "too few points")
    }

    func testSegmentContactCases() {
        func apart(_ p1: (Double, Double), _ p2: (Double, Double), _ q1: (Double, Double), _ q2: (Double, Double)) -> Bool {
            SegmentContact.provablyApart(p1.0, p1.1, p2.0, p2.1, q1.0, q1.1, q2.0, q2.1)
        }
        XCTAssertFalse(apart((0, 0), (2, 2), (0, 2), (2, 0)), "proper crossing")
        XCTAssertFalse(apart((0, 0), (2, 0), (1, 0), (1, 5)), "endpoint on the other's interior")
        XCTAssertFalse(apart((0, 0), (2, 0), (2, 0), (3, 3)), "shared endpoint")
        XCTAssertFalse(apart((0, 0), (4, 0), (2, 0), (6, 0)), "collinear overlap")
        XCTAssertFalse(apart((0, 0), (4, 4), (1, 1), (2, 2)), "one inside the other, collinear")
        XCTAssertTrue(apart((0, 0), (2, 0), (3, 0), (5, 0)), "collinear, apart")
        XCTAssertTrue(apart((0, 0), (2, 2), (3, 3), (5, 5)), "collinear diagonal, apart (boxes apart)")
        XCTAssertTrue(apart((0, 0), (2, 0), (1, 1), (3, 3)), "above, boxes touching")
        XCTAssertTrue(apart((0, 0), (4, 4), (0, 1), (1, 3)), "boxes overlap, segments do not")
        XCTAssertTrue(apart((0, 0), (4, 4), (1, 3), (0, 1)), "the same, one segment reversed")
        // An end one unit in the last place off the other segment: apart in truth, but the
        // filter cannot certify it, so not proved apart.
        XCTAssertFalse(apart((0, 0), (1, 1), (0.5, 0.5000000000000001), (0, 1)))
        XCTAssertFalse(apart((0, 0), (1, 1), (0.5, 0.5), (0, 1)), "an end exactly on the other")
    }

    func testPointInRingAndOrientation() {
        let r = box(0, 0, 4, 4)
        XCTAssertEqual(RingPosition.contains(Coordinate(2, 2), in: r), true)
        XCTAssertEqual(RingPosition.contains(Coordinate(5, 2), in: r), false)
        XCTAssertEqual(RingPosition.contains(Coordinate(-1, 0), in: r), false, "on the line of the bottom edge, outside")
        XCTAssertNil(RingPosition.contains(Coordinate(2, 0), in: r), "on an edge")
        XCTAssertNil(RingPosition.contains(Coordinate(4, 4), in: r), "on a vertex")
        XCTAssertNil(RingPosition.contains(Coordinate(0, 3), in: r), "on a vertical edge")
        // A concave ring: the notch (2, 3) is outside, (1, 3) inside; the ray from (1, 3) passes a vertex.
        let notch = ring([(0, 0), (4, 0), (4, 4), (2, 2), (0, 4), (0, 0)])
        XCTAssertEqual(RingPosition.contains(Coordinate(2, 3), in: notch), false)
        XCTAssertEqual(RingPosition.contains(Coordinate(1, 2), in: notch), true)
        XCTAssertEqual(RingPosition.contains(Coordinate(0.5, 2), in: notch), true)
        XCTAssertEqual(RingOrientation.isCounterClockwise(r), true)
        XCTAssertEqual(RingOrientation.isCounterClockwise(r.reversed()), false)
        XCTAssertEqual(RingOrientation.isCounterClockwise(notch), true)
    }

    /// The sweep along x + y (for a coverage's outline) finds the same contacts as
    /// `areSimpleAndApart` without it (the chains answer for rings this small): a long straight run along a meridian, touched, crossed or left alone by a second
    /// ring, and a ring touching itself.
    func testDiagonalSweepFindsTheSameContacts() {
        // 0.0 ... 1.0 up the line x = 0 in 200 steps, then back round the right side.
        var tall: Ring = (0 ... 200).map { Coordinate(0, Double($0) / 200) }
        tall += [Coordinate(0.5, 1), Coordinate(0.5, 0), Coordinate(0, 0)]
        let cases: [([Ring], Bool)] = [
            ([tall], true),
            ([tall, box(-0.2, 0.3, -0.1, 0.4)], true),                            // apart, left of the run
            ([tall, ring([(-0.2, 0.3), (0, 0.3501), (-0.2, 0.4), (-0.2, 0.3)])], false),  // a vertex on the run
            ([tall, box(-0.2, 0.3, 0.1, 0.4)], false),                             // crossing the run
            ([tall, box(0.1, 0.3, 0.2, 0.4)], true),                               // inside it, touching nothing
            ([ring([(0, 0), (0, 1), (0.5, 1), (0, 0.5), (0.5, 0), (0, 0)])], false), // touching itself on the run
        ]
        for (k, (rings, apart)) in cases.enumerated() {
            var contacts = RingContacts()
            let alongX = contacts.areSimpleAndApart(rings)
            XCTAssertEqual(contacts.areSimpleAndApart(rings, alongDiagonal: true), alongX, "case \(k)")
            XCTAssertEqual(alongX, apart, "case \(k)")
        }
    }

    /// The chains' verdict (`chainsAreApart`, which `areSimpleAndApart` takes when it answers) is
    /// the definition's: every pair of segments that are not consecutive on one ring provably
    /// apart, all pairs tried. Wiggly squares on a coarse grid (each side one long chain, so
    /// bisection and the pair lists are exercised, and touches, crossings and shared segments
    /// are common), alone, with a second one, or with a random star-shaped ring.
    func testChainsFindTheSameContactsAsAllPairs() {
        var rng = SplitMix64(seed: 21)
        func wiggly(_ x0: Double, _ y0: Double, side: Int, amplitude: UInt64) -> Ring {
            func off() -> Double { Double(rng.next() % (2 * amplitude + 1)) - Double(amplitude) }
            var r: Ring = []
            for i in 0 ..< side { r.append(Coordinate(x0 + Double(i), y0 + (i == 0 ? 0 : off()))) }
            for i in 0 ..< side { r.append(Coordinate(x0 + Double(side) + (i == 0 ? 0 : off()), y0 + Double(i))) }
            for i in 0 ..< side { r.append(Coordinate(x0 + Double(side - i), y0 + Double(side) + (i == 0 ? 0 : off()))) }
            for i in 0 ..< side { r.append(Coordinate(x0 + (i == 0 ? 0 : off()), y0 + Double(side - i))) }
            r.append(r[0])
            return r
        }
        func allPairsApart(_ rings: [Ring]) -> Bool {
            var segs: [(Coordinate, Coordinate, ring: Int, index: Int, count: Int)] = []
            for (k, r) in rings.enumerated() {
                guard RingContacts.isJudgeable(r), !RingContacts.hasSpikeOrDoubt(r) else { return false }
                for i in 0 ..< r.count - 1 { segs.append((r[i], r[i + 1], k, i, r.count - 1)) }
            }
            for i in segs.indices {
                for j in i + 1 ..< segs.count {
                    let (p, q) = (segs[i], segs[j])
                    if p.ring == q.ring && (abs(p.index - q.index) == 1 || abs(p.index - q.index) == p.count - 1) { continue }
                    if !SegmentContact.provablyApart(p.0.x, p.0.y, p.1.x, p.1.y, q.0.x, q.0.y, q.1.x, q.1.y) { return false }
                }
            }
            return true
        }
        var contacts = RingContacts()
        var judgeable = 0, byChains = 0, chainsTouching = 0, apart = 0, touching = 0
        for k in 0 ..< 600 {
            var rings = [wiggly(0, 0, side: Int(rng.next() % 20) + 4, amplitude: rng.next() % 3)]
            switch k % 3 {
            case 1: rings.append(wiggly(Double(rng.next() % 30) - 5, Double(rng.next() % 30) - 5, side: Int(rng.next() % 12) + 3, amplitude: 1))
            case 2: rings.append(randomRing(&rng, size: 30))
            default: break
            }
            let expected = allPairsApart(rings)
            XCTAssertEqual(contacts.areSimpleAndApart(rings), expected, "\(rings)")
            if rings.allSatisfy({ RingContacts.isJudgeable($0) && !RingContacts.hasSpikeOrDoubt($0) }) {
                judgeable += 1
                if let chains = contacts.chainsAreApart(rings) {
                    XCTAssertEqual(chains, expected, "\(rings)")
                    byChains += 1
                    if !chains { chainsTouching += 1 }
                }
            }
            if expected { apart += 1 } else { touching += 1 }
        }
        // Both verdicts must be common, and the chains must have answered every case they get
        // (rings this small never exceed their budget), contacts among them.
        print("chains: \(judgeable) judgeable cases, \(byChains) answered, \(chainsTouching) with a contact; \(apart) apart, \(touching) not")
        XCTAssertGreaterThan(apart, 100)
        XCTAssertGreaterThan(touching, 100)
        XCTAssertEqual(byChains, judgeable)
        XCTAssertGreaterThan(chainsTouching, 10)
    }

    /// The bucket sort of the sweep orders segments by least x like the library's sort, for even
    /// spreads, ties, and one far value crowding the rest into a few buckets (the fallback).
    func testSegmentsSortedByLeastX() {
        var rng = SplitMix64(seed: 7)
        var contacts = RingContacts()
        let spreads: [[Double]] = [
            (0..<500).map { _ in Double(rng.next() % 1_000_000) / 1000 },
            (0..<500).map { _ in Double(rng.next() % 3) },
            (0..<2_000).map { _ in Double(rng.next() % 1_000_000) / 1e9 } + [1e6],
            [5, 4, 3, 2, 1],
        ]
        for xs in spreads {
            contacts.segments = xs.enumerated().map { k, x in
                RingContacts.Segment(minX: x, maxX: x + 1, minY: 0, maxY: 1, ax: x, ay: 0, bx: x + 1, by: 1, ring: 0, index: Int32(k))
            }
            contacts.sortByLeastX()
            XCTAssertEqual(contacts.order.map { xs[Int($0)] }, xs.sorted())
            XCTAssertEqual(Set(contacts.order).count, xs.count, "a permutation")
        }
    }

    /// Random rings on a coarse grid (so touches, collinear overlaps, spikes and crossings are
    /// common), one to three parts of a shell and up to two holes: every shape the proof calls
    /// valid, GEOS calls valid. Seeded, so a failure is reproducible.
    func testRandomShapesProvedValidAreGEOSValid() throws {
        var rng = SplitMix64(seed: 14)
        var proof = ValidityProof()
        var proved = 0, geosValidCount = 0
        let ctx = try GEOSContext()
        for _ in 0..<1_500 {
            let parts = (0..<Int(rng.next() % 3 + 1)).map { _ in
                Polygon(exterior: randomRing(&rng, size: 12), holes: (0..<Int(rng.next() % 3)).map { _ in randomRing(&rng, size: 12) })
            }
            let isProved = proof.provesValid(parts)
            let check = try? ctx.validate(parts)
            var isValid = false
            if case .valid? = check { isValid = true }
            if isProved { proved += 1; XCTAssertTrue(isValid, "proved but GEOS-invalid: \(parts)") }
            if isValid { geosValidCount += 1 }
        }
        // The sweep must exercise both sides: shapes proved, and shapes GEOS calls valid.
        XCTAssertGreaterThan(proved, 50)
        XCTAssertGreaterThanOrEqual(geosValidCount, proved)
        print("random shapes: 1500, \(geosValidCount) GEOS-valid, \(proved) proved")
    }

    /// A star-shaped ring around a random centre (usually simple), sometimes with a vertex moved
    /// anywhere (often making it cross itself); integer coordinates.
    func randomRing(_ rng: inout SplitMix64, size: Int) -> Ring {
        let cx = Double(rng.next() % UInt64(size)), cy = Double(rng.next() % UInt64(size))
        let n = Int(rng.next() % 6) + 3
        var pts: [Coordinate] = []
        for k in 0..<n {
            let angle = (Double(k) + Double(rng.next() % 100) / 200) / Double(n) * 2 * .pi
            let radius = Double(rng.next() % 6 + 1)
            pts.append(Coordinate((cx + radius * cos(angle)).rounded(), (cy + radius * sin(angle)).rounded()))
        }
        if rng.next() % 4 == 0 { pts[Int(rng.next() % UInt64(n))] = Coordinate(Double(rng.next() % UInt64(size)), Double(rng.next() % UInt64(size))) }
        pts.append(pts[0])
        return pts
    }
}
