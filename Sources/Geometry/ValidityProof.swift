import Domain

/// An exact, GEOS-free proof that a polygonal shape is valid in GEOS's sense, so that only the
/// shapes it cannot prove go through GEOSisValidDetail (which then gives, as before, the reason,
/// the place and the MakeValid repair of every invalid one).
///
/// The shape (its polygons as given, no ring reordered or reoriented) is proved valid when:
/// 1. every ring of every part is closed, has at least 4 points, no repeated consecutive point and
///    coordinates `RingContacts` can judge exactly;
/// 2. all those rings together are simple and pairwise apart (`RingContacts`): no self-touch, no
///    spike, no zero-area ring, no two rings sharing even one point;
/// 3. each hole's first vertex lies strictly inside its own shell;
/// 4. no hole's first vertex lies inside another hole of the same part;
/// 5. no part's first shell vertex lies inside another part's shell.
///
/// Why that is GEOS-valid: by 2 the rings are disjoint simple closed curves, so any two of them
/// are either nested (one wholly inside the other) or each outside the other, and one vertex
/// tells which. By 3 every hole lies inside its shell, by 4 no hole of a part inside another, so
/// each part is a disc with disjoint closed holes cut out of its interior: its interior is
/// connected and no ring touches another. By 5 no shell lies inside another shell, so the parts'
/// interiors are disjoint (a hole lies inside its own shell, hence outside every other part). That
/// leaves none of GEOS's invalidity reasons (invalid coordinate, too few points, unclosed ring,
/// self-intersection, ring self-intersection, hole outside shell, nested holes, disconnected
/// interior, nested shells). GEOS's orientation-free rules need no orientation here either.
///
/// Every orientation the proof rests on is one GEOS's floating-point filter decides the same way
/// (`ExactOrientation.filteredSign`; undecided means not proved), on the same segment and point
/// GEOS's checks evaluate: the proof reaches GEOS's verdict, not only the true one, even where
/// GEOS's double-double arithmetic would round.
///
/// What the proof does not try (left to GEOS, which may well call them valid): repeated points, a
/// hole touching its shell at one point, a part inside another part's hole, coordinates beyond
/// the exact range, an empty shape.
public struct ValidityProof {
    private var contacts = RingContacts()
    private var rings: [Ring] = []

    public init() {}

    /// True only when the polygons are proved valid; false means "not proved" (GEOS decides).
    public mutating func provesValid(_ polygons: [Polygon]) -> Bool {
        guard !polygons.isEmpty else { return false }
        rings.removeAll(keepingCapacity: true)
        for p in polygons {
            rings.append(p.exterior)
            rings.append(contentsOf: p.holes)
        }
        guard contacts.areSimpleAndApart(rings) else { return false }
        // From here on no vertex lies on another ring: `contains` answers true or false.
        for p in polygons {
            for hole in p.holes where RingPosition.contains(hole[0], in: p.exterior) != true { return false }
            guard p.holes.count > 1 else { continue }
            let boxes = p.holes.map(Self.box)
            for (i, hole) in p.holes.enumerated() {
                for (j, other) in p.holes.enumerated() where i != j && boxes[j].contains(hole[0]) {
                    if RingPosition.contains(hole[0], in: other) != false { return false }
                }
            }
        }
        if polygons.count > 1 {
            let boxes = polygons.map { Self.box($0.exterior) }
            for (i, p) in polygons.enumerated() {
                for (j, other) in polygons.enumerated() where i != j && boxes[j].contains(p.exterior[0]) {
                    if RingPosition.contains(p.exterior[0], in: other.exterior) != false { return false }
                    // GEOS may locate the vertex in the other part as a whole, its holes included:
                    // those sides must be as certain as the shell's.
                    for hole in other.holes where RingPosition.contains(p.exterior[0], in: hole) == nil { return false }
                }
            }
        }
        return true
    }

    private static func box(_ ring: Ring) -> BoundingBox {
        var b = BoundingBox.empty
        for c in ring { b.add(c) }
        return b
    }
}
