import Foundation
import XCTest

/// `targeting inspect --format json` over every shapefile of the peer corpus (shapelib's and
/// pyshp's test files): each run ends with an exit status (never a signal or a hang), prints one
/// JSON object with the documented keys, and a file it cannot read (MultiPatch) exits 1 with a
/// message naming the file and the problem.
final class CorpusInspectTests: XCTestCase {
    static let corpus = TargetingBinary.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    func testEveryCorpusShapefileIsInspectedWithoutCrashOrHang() throws {
        guard FileManager.default.fileExists(atPath: Self.corpus.path) else {
            throw XCTSkip("the peer corpus is not beside the repository (\(Self.corpus.path))")
        }
        let files = (FileManager.default.enumerator(atPath: Self.corpus.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.lowercased().hasSuffix(".shp") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 40)
        let keys = ["path", "shape_type", "records", "fields", "encoding", "crs", "bbox", "null_shapes", "invalid_repaired", "rejected_rows"]
        var reports: [String: [String: Any]] = [:]
        for rel in files {
            let path = Self.corpus.appendingPathComponent(rel).path
            let r = try runTargeting(["inspect", "--format", "json", path], timeout: 20)
            XCTAssertFalse(r.signalled, "\(rel) ended by a signal")
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], rel)
            reports[rel] = object
            if let error = object["error"] as? String {
                XCTAssertEqual(r.status, 1, "\(rel): a file that cannot be read exits 1")
                XCTAssertTrue(error.contains(path), "\(rel): the message names the file: \(error)")
            } else {
                XCTAssertEqual(r.status, 0, "\(rel): \(r.stderr)")
                for k in keys where k != "bbox" { XCTAssertNotNil(object[k], "\(rel) lacks \(k)") }
            }
        }
        // Known contents (shapelib's expect1.out and dbfdump; pyshp's own tests).
        func report(_ suffix: String) -> [String: Any]? { reports.first { $0.key.hasSuffix(suffix) }?.value }
        XCTAssertEqual(report("shape_eg_data/csah.shp")?["records"] as? Int, 124)
        XCTAssertEqual((report("shape_eg_data/csah.shp")?["null_shapes"] as? [Int])?.count, 24)
        XCTAssertEqual(report("mexico/states.shp")?["records"] as? Int, 32)
        XCTAssertEqual(report("shapefiles/blockgroups.shp")?["records"] as? Int, 663)
        XCTAssertEqual(report("shape_eg_data/3dpoints.shp")?["shape_type"] as? String, "PointZ")
        XCTAssertTrue((report("shape_eg_data/multipatch.shp")?["error"] as? String)?.contains("MultiPatch") ?? false)
        // pyshp's latin1.dbf holds "Ñandú", encoded in Latin-1.
        let latin = try XCTUnwrap(report("current/tests/shapefiles/latin1.shp"))
        let rows = (latin["sample_rows"] as? [[Any]]) ?? []
        XCTAssertTrue(rows.contains { $0.contains { ($0 as? String)?.contains("Ñandú") ?? false } }, "\(rows)")
    }
}
