import Foundation
import XCTest
import Domain
import Geometry
@testable import ShapefileIO

/// Every polygon shape of every shapefile of the peer corpus and of the bundled Kasaï sample, as
/// shapelib reads it (before any repair): whatever the exact proof calls valid, GEOS's
/// GEOSisValid calls valid too. The counts say how much of real data the proof settles alone.
final class ValidityProofSweepTests: XCTestCase {
    struct Tally { var shapes = 0, proved = 0, geosValid = 0 }

    /// The polygon shapes of one .shp (none for other shape types or files the walk refuses).
    func polygonShapes(_ path: String) -> [[Polygon]] {
        guard let bytes = try? BoundedFile.read(path, limit: 2_000_000_000, what: ".shp"),
              let structure = try? SHPStructure(shp: bytes, path: path, limits: .standard),
              ShapeConversion.family(structure.shapeType) == .polygon,
              let geometry = try? SHPGeometryReader(shp: path, rebuiltIndex: structure.shxBytes(shpHeader: bytes[0..<100]))
        else { return [] }
        var out: [[Polygon]] = []
        for i in 0..<min(geometry.count, structure.records.count) {
            guard let raw = geometry.read(i), raw.type != 0,
                  case .polygons(let ps)? = ShapeConversion.shape(raw, family: .polygon).0 else { continue }
            out.append(ps)
        }
        return out
    }

    func sweep(_ paths: [String]) throws -> Tally {
        let geos = try GEOSContext()
        var proof = ValidityProof()
        var t = Tally()
        for path in paths {
            for (k, ps) in polygonShapes(path).enumerated() {
                t.shapes += 1
                var valid = false
                if case .valid? = try? geos.validate(ps) { valid = true }
                if valid { t.geosValid += 1 }
                if proof.provesValid(ps) {
                    t.proved += 1
                    XCTAssertTrue(valid, "\(path) shape \(k + 1): proved valid, GEOS says invalid")
                }
            }
        }
        return t
    }

    func shapefiles(under folder: String) -> [String] {
        guard let walk = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walk.compactMap { $0 as? String }.filter { $0.lowercased().hasSuffix(".shp") }.sorted().map { folder + "/" + $0 }
    }

    func testPeerCorpusProvedShapesAreGEOSValid() throws {
        guard FileManager.default.fileExists(atPath: CorpusTests.corpus) else {
            throw XCTSkip("peer corpus not found at \(CorpusTests.corpus)")
        }
        let t = try sweep(shapefiles(under: CorpusTests.corpus))
        print("corpus: \(t.shapes) polygon shapes, \(t.geosValid) GEOS-valid, \(t.proved) proved without GEOS")
        // The corpus holds about 16,000 polygons (pyshp's merge.shp alone 6,630), nearly all valid,
        // and nearly all of the valid ones simple, apart and unnested.
        XCTAssertGreaterThan(t.shapes, 15_000)
        XCTAssertGreaterThan(t.proved * 100, t.geosValid * 99)
    }

    func testKasaiSampleEveryValidShapeIsProved() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let t = try sweep(shapefiles(under: root.appendingPathComponent("Shapefiles/kasai").path))
        print("Kasaï sample: \(t.shapes) polygon shapes, \(t.geosValid) GEOS-valid, \(t.proved) proved without GEOS")
        XCTAssertGreaterThan(t.shapes, 100)
        XCTAssertEqual(t.proved, t.geosValid, "the sample's valid boundaries are simple, apart and unnested")
    }
}
