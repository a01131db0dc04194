import Foundation
import XCTest
import Domain
import TestSupport
@testable import ShapefileIO

/// The shapefile writer sizes a layer (memory or disk, bytes reserved) with
/// `ShapeRecord.recordBytes(of:_:)`, which counts without flattening; the bytes written are those
/// of the flattened `ShapeRecord`. The two must agree for every shape the writer accepts.
final class ShapeRecordSizeTests: XCTestCase {
    func testCountingWithoutFlatteningGivesTheFlattenedRecordsSize() throws {
        var rng = SplitMix64(seed: 41)
        func point() -> Coordinate { Coordinate(-10 + rng.unit() * 20, -10 + rng.unit() * 20) }
        /// A ring of `n` distinct points around (cx, cy), closed or not, either orientation.
        func ring(_ n: Int, closed: Bool) -> Ring {
            let cx = rng.unit() * 5, cy = rng.unit() * 5, r = 1 + rng.unit(), turn = rng.unit() < 0.5 ? 1.0 : -1.0
            var ring = (0 ..< n).map { k -> Coordinate in
                let a = turn * Double(k) / Double(n) * 2 * Double.pi
                return Coordinate(cx + r * cos(a), cy + r * sin(a))
            }
            if closed { ring.append(ring[0]) }
            return ring
        }
        let location = SourceLocation(file: "t.shp", record: 1)
        var checked = 0
        for _ in 0 ..< 400 {
            let cases: [(Shape?, ShapefileKind)] = [
                (nil, [.point, .multiPoint, .polyline, .polygon][Int(rng.next() % 4)]),
                (.point(point()), .point),
                (.multiPoint((0 ..< 1 + Int(rng.next() % 9)).map { _ in point() }), .multiPoint),
                (.lines((0 ..< 1 + Int(rng.next() % 4)).map { _ in (0 ..< 2 + Int(rng.next() % 7)).map { _ in point() } }), .polyline),
                (.polygons((0 ..< 1 + Int(rng.next() % 3)).map { _ in
                    Polygon(exterior: ring(3 + Int(rng.next() % 8), closed: rng.unit() < 0.5),
                            holes: (0 ..< Int(rng.next() % 3)).map { _ in ring(3 + Int(rng.next() % 5), closed: rng.unit() < 0.5) })
                }), .polygon),
            ]
            for (shape, kind) in cases {
                let flattened = try ShapeRecord(shape: shape, kind: kind, location: location)
                XCTAssertEqual(ShapeRecord.recordBytes(of: shape, kind), flattened.recordBytes(kind), "\(kind) \(String(describing: shape))")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 2_000)
    }
}
