import Domain
@testable import Joins

/// A hand-made set of units whose answers are known by construction (draw it on squared paper):
///
///     y=3  +-------------------+
///          |        G2         |                 G2 also owns the island (5,0)-(6,1)
///     y=2  +---------+---------+
///          | G3 +--+ |   G1    |\   G5: triangle (4,0) (5,0) (4,2)
///          |    |G4| |         | \
///     y=0  +----+--+-+---------+--+
///          x=0       2         4  5
///
/// G3 is the square (0,0)-(2,2) with a hole (0.5,0.5)-(1.5,1.5); G4 is an enclave filling that
/// hole exactly. Units are deliberately listed out of id order, so a tie-break that followed
/// array order instead of id order would fail.
enum HandFixture {
    static func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring {
        [Coordinate(x0, y0), Coordinate(x1, y0), Coordinate(x1, y1), Coordinate(x0, y1), Coordinate(x0, y0)]
    }

    static let ids = ["G3", "G1", "G2", "G4", "G5"].map(UnitID.init)
    static let polygons: [[Polygon]] = [
        [Polygon(exterior: rect(0, 0, 2, 2), holes: [rect(0.5, 0.5, 1.5, 1.5)])],
        [Polygon(exterior: rect(2, 0, 4, 2))],
        [Polygon(exterior: rect(0, 2, 4, 3)), Polygon(exterior: rect(5, 0, 6, 1))],
        [Polygon(exterior: rect(0.5, 0.5, 1.5, 1.5))],
        [Polygon(exterior: [Coordinate(4, 0), Coordinate(5, 0), Coordinate(4, 2), Coordinate(4, 0)])],
    ]

    static func units(population: [Double?] = [1000, 2000, nil, 0, 500]) throws -> UnitSet {
        try UnitSet(ids: ids, names: ["Bena Tshiadi", "Kasaï-Centre", "Mutefu", "Enclave", "Triangle"],
                    parents: [UnitID("T1"), UnitID("T1"), UnitID("T2"), UnitID("T1"), UnitID("T2")],
                    polygons: polygons, population: population,
                    fields: [FieldSchema(name: "pop_2017", type: .real), FieldSchema(name: "note", type: .text)],
                    attributes: [[.number(1000), .text("a")], [.number(2000), .text("b")], [.null, .text("c")],
                                 [.number(0), .text("d")], [.text("cinq cents"), .text("e")]])
    }

    /// Points with the owner the shared-border rule gives them (nil: outside every unit), and why.
    static let points: [(Coordinate, String?, String)] = [
        (Coordinate(1, 0.25), "G3", "interior of the holed square"),
        (Coordinate(1, 1), "G4", "inside the hole: the enclave's, not G3's"),
        (Coordinate(0.5, 1), "G3", "on the hole's edge, shared by G3 and G4"),
        (Coordinate(2, 1), "G1", "on the edge shared by G3 and G1"),
        (Coordinate(2, 2), "G1", "on the vertex shared by G3, G1 and G2"),
        (Coordinate(1, 2), "G2", "on the edge shared by G3 and G2"),
        (Coordinate(3, 2.5), "G2", "interior of G2's rectangle"),
        (Coordinate(5.5, 0.5), "G2", "interior of G2's island"),
        (Coordinate(4.5, 1), "G5", "on G5's diagonal edge"),
        (Coordinate(4.25, 1.5), "G5", "on G5's diagonal edge, nearer its top"),
        (Coordinate(4, 1), "G1", "on the edge shared by G1 and G5"),
        (Coordinate(4.6, 1), nil, "just right of G5's diagonal"),
        (Coordinate(7, 7), nil, "far outside"),
        (Coordinate(0.5, 0.5), "G3", "on a vertex of the hole, shared by G3 and G4"),
        (Coordinate(0, 0), "G3", "G3's outer corner"),
        (Coordinate(6, 1), "G2", "the island's far corner"),
        (Coordinate(5, 0.5), "G2", "on the island's west edge, 0 km from G5's corner but outside G5"),
    ]
}
