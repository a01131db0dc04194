import Foundation
import XCTest
import Domain
import Geometry
@testable import SampleData

/// The sample's conflict events cluster in space: Moran's I of ln(1 + events per 1,000 km²)
/// over neighbouring groupements. Computed here from the files (contiguity from shared vertices
/// and edges, events placed with GEOS covers), and independently by
/// `Scripts/sample/spatial_check.py` (shapely, pyproj, numpy), whose figures Shapefiles/README.md
/// states and this test compares with.
final class SpatialCoherenceTests: XCTestCase {
    /// Written by Scripts/sample/spatial_check.py on the committed sample.
    static let pythonMoransI = 0.5937
    static let pythonPairs = 2612

    private struct Key: Hashable { let x: UInt64, y: UInt64 }
    private struct Edge: Hashable { let a: Key, b: Key }

    func testMoransIOfEventDensityIsAtLeastOneHalf() throws {
        let units = try SampleFixture.layer("groupements.shp")
        let order = units.features.indices.sorted { units.text(units.features[$0], "GRP_PCODE") < units.text(units.features[$1], "GRP_PCODE") }
        // Contiguity: queen = a shared vertex, rook = a shared edge (the units share their
        // borders vertex for vertex, so both are exact).
        var unitsOfVertex: [Key: Set<Int>] = [:], unitsOfEdge: [Edge: Set<Int>] = [:]
        for (k, i) in order.enumerated() {
            for polygon in units.polygons(units.features[i]) {
                for ring in [polygon.exterior] + polygon.holes {
                    let keys = ring.map { Key(x: $0.x.bitPattern, y: $0.y.bitPattern) }
                    for (a, b) in zip(keys, keys.dropFirst()) where a != b {
                        unitsOfVertex[a, default: []].insert(k)
                        let edge = (a.x, a.y) < (b.x, b.y) ? Edge(a: a, b: b) : Edge(a: b, b: a)
                        unitsOfEdge[edge, default: []].insert(k)
                    }
                }
            }
        }
        func pairs<T>(_ groups: [T: Set<Int>]) -> Set<[Int]> {
            var out = Set<[Int]>()
            for members in groups.values where members.count > 1 {
                let m = members.sorted()
                for i in m.indices { for j in m.indices where j > i { out.insert([m[i], m[j]]) } }
            }
            return out
        }
        let queen = pairs(unitsOfVertex), rook = pairs(unitsOfEdge)

        // Events per unit: covered by its polygon; on a shared border, the smallest p-code.
        let rows = try SampleFixture.csvRows("acled_kasai.csv")
        let lat = try XCTUnwrap(rows[0].firstIndex(of: "latitude")), lon = try XCTUnwrap(rows[0].firstIndex(of: "longitude"))
        let geos = try GEOSContext()
        let geoms = try order.map { try geos.multiPolygon(units.polygons(units.features[$0])) }
        let boxes = order.map { units.features[$0].shape?.boundingBox ?? .empty }
        var counts = [Double](repeating: 0, count: order.count)
        for r in rows.dropFirst() where r.count > max(lat, lon) {
            let c = Coordinate(Double(r[lon]) ?? .nan, Double(r[lat]) ?? .nan)
            let p = try geos.point(c)
            for k in geoms.indices where boxes[k].contains(c) {
                if try geoms[k].covers(p) { counts[k] += 1; break }
            }
        }
        let geodesy = Geodesy()
        let y = order.indices.map { k in log(1 + 1000 * counts[k] / geodesy.areaKm2(units.polygons(units.features[order[k]]))) }

        let iQueen = moransI(y, queen), iRook = moransI(y, rook)
        XCTAssertGreaterThanOrEqual(iQueen, 0.5)
        XCTAssertGreaterThanOrEqual(iRook, 0.5)
        XCTAssertEqual(queen.count, Self.pythonPairs, "queen pairs: shapely's touching boundaries")
        XCTAssertEqual(iQueen, Self.pythonMoransI, accuracy: 0.0005, "Moran's I (queen) against Scripts/sample/spatial_check.py")
    }

    /// I = n / S0 · Σᵢⱼ wᵢⱼ zᵢ zⱼ / Σᵢ zᵢ², with row-standardised weights (S0 = units with neighbours).
    private func moransI(_ y: [Double], _ pairs: Set<[Int]>) -> Double {
        var neighbours = [[Int]](repeating: [], count: y.count)
        for p in pairs { neighbours[p[0]].append(p[1]); neighbours[p[1]].append(p[0]) }
        let mean = y.reduce(0, +) / Double(y.count)
        let z = y.map { $0 - mean }
        var cross = 0.0, s0 = 0.0
        for i in y.indices where !neighbours[i].isEmpty {
            s0 += 1
            cross += z[i] * neighbours[i].reduce(0) { $0 + z[$1] } / Double(neighbours[i].count)
        }
        return Double(y.count) / s0 * cross / z.reduce(0) { $0 + $1 * $1 }
    }
}
