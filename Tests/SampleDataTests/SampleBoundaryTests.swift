import Foundation
import XCTest
import Domain
@testable import Geometry
@testable import SampleData

final class SampleBoundaryTests: XCTestCase {
    func testRegeneratingGivesByteIdenticalFiles() throws {
        let first = try SampleFixture.folder()
        let second = NSTemporaryDirectory() + "kasai-sample-\(getpid())-b"
        try SampleGenerator.generate(outputDirectory: second) { _ in }
        let names = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
        XCTAssertEqual(names, try FileManager.default.contentsOfDirectory(atPath: second).sorted())
        XCTAssertGreaterThan(names.count, 50)
        for n in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + n))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + n))
            XCTAssertEqual(a, b, "\(n) differs between two runs")
        }
        try? FileManager.default.removeItem(atPath: second)
    }

    /// Shapefiles/kasai is the generator's output, byte for byte: a change to the generator must
    /// come with the regenerated sample (`targeting generate-sample --out Shapefiles/kasai`).
    func testCommittedSampleIsTheGeneratorsOutput() throws {
        let generated = try SampleFixture.folder()
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Shapefiles/kasai").path
        let names = try FileManager.default.contentsOfDirectory(atPath: generated).sorted()
        XCTAssertEqual(names, try FileManager.default.contentsOfDirectory(atPath: committed).sorted())
        for n in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: generated + "/" + n))
            let b = try? Data(contentsOf: URL(fileURLWithPath: committed + "/" + n))
            XCTAssertEqual(a, b, "Shapefiles/kasai/\(n) is not what the generator writes: regenerate it")
        }
    }

    func testUnitCountsPerProvince() throws {
        let units = try SampleFixture.layer("groupements.shp")
        var groupements: [String: Int] = [:], communes: [String: [String]] = [:]
        for f in units.features {
            let p = units.text(f, "ADM1_PCODE")
            switch units.text(f, "TYPE") {
            case "groupement": groupements[p, default: 0] += 1
            case "commune": communes[p, default: []].append(units.text(f, "GRP_FR"))
            default: XCTFail("unexpected TYPE \(units.text(f, "TYPE"))")
            }
        }
        // Strategy section I.a: 385 and 358 groupements; Kasaï-Oriental has no figure (150 chosen).
        XCTAssertEqual(groupements, ["CD92": 385, "CD91": 358, "CD82": 150])
        XCTAssertEqual(communes["CD92"]?.count, 11)
        XCTAssertEqual(communes["CD91"]?.count, 12)
        let mbujiMayi = units.features.filter { units.text($0, "ADM2_PCODE") == "CD8201" }.map { units.text($0, "GRP_FR") }.sorted()
        XCTAssertEqual(mbujiMayi, ["Bipemba", "Dibindi", "Diulu", "Kanshi", "Muya"])
        // Groupement p-codes: territoire p-code + 3 digits, unique.
        let codes = units.features.map { units.text($0, "GRP_PCODE") }
        XCTAssertEqual(Set(codes).count, codes.count)
        for f in units.features {
            let code = units.text(f, "GRP_PCODE"), parent = units.text(f, "ADM2_PCODE")
            XCTAssertTrue(code.hasPrefix(parent) && code.count == parent.count + 3 && code.dropFirst(parent.count).allSatisfy(\.isNumber), code)
        }
    }

    func testPopulationAndAreaPerProvinceMatchTheStrategy() throws {
        let units = try SampleFixture.layer("groupements.shp")
        var population: [String: Double] = [:]
        for f in units.features { population[units.text(f, "ADM1_PCODE"), default: 0] += units.number(f, "POP_2017") ?? .nan }
        let wanted: [String: (pop: Double, km2: Double)] = ["CD92": (2_978_000, 95_631), "CD91": (3_524_000, 59_500), "CD82": (5_475_398, 9_545)]
        for (p, w) in wanted {
            XCTAssertEqual(population[p] ?? 0, w.pop, accuracy: w.pop * 0.02, p)
        }
        let mbm = units.features.filter { units.text($0, "ADM2_PCODE") == "CD8201" }.reduce(0.0) { $0 + (units.number($1, "POP_2017") ?? 0) }
        XCTAssertEqual(mbm, 3_500_000, accuracy: 3_500_000 * 0.02)
        let provinces = try SampleFixture.layer("provinces.shp")
        XCTAssertEqual(Set(provinces.features.map { provinces.text($0, "ADM1_PCODE") }), Set(wanted.keys))
        let geodesy = Geodesy()
        for f in provinces.features {
            let p = provinces.text(f, "ADM1_PCODE")
            let area = geodesy.areaKm2(provinces.polygons(f))
            XCTAssertEqual(area, wanted[p]?.km2 ?? 0, accuracy: (wanted[p]?.km2 ?? 0) * 0.02, "area of \(p)")
        }
    }

    /// Groupements tile their territoires: their union has the territoire's area (0.1%), no
    /// two groupements share interior, and each is covered by its own territoire.
    func testGroupementsTileTheirTerritoires() throws {
        let units = try SampleFixture.layer("groupements.shp")
        let territoires = try SampleFixture.layer("territoires.shp")
        let geos = try GEOSContext()
        let geodesy = Geodesy()
        let unitGeoms = try units.features.map { try geos.multiPolygon(units.polygons($0)) }
        let boxes = units.features.map { $0.shape?.boundingBox ?? .empty }
        for t in territoires.features {
            let code = territoires.text(t, "ADM2_PCODE")
            let territoire = try geos.multiPolygon(territoires.polygons(t))
            let members = units.features.indices.filter { units.text(units.features[$0], "ADM2_PCODE") == code }
            XCTAssertFalse(members.isEmpty, code)
            let union = try geos.multiPolygon(members.flatMap { units.polygons(units.features[$0]) }).unaryUnion()
            let unionArea = geodesy.areaKm2(try union.polygons())
            let area = geodesy.areaKm2(territoires.polygons(t))
            XCTAssertEqual(unionArea, area, accuracy: area * 0.001, code)
            for m in members { XCTAssertTrue(try territoire.covers(unitGeoms[m]), "\(units.text(units.features[m], "GRP_PCODE")) outside \(code)") }
        }
        var overlaps = 0, pairsTested = 0
        for i in unitGeoms.indices {
            for j in (i + 1)..<unitGeoms.count where boxes[i].intersects(boxes[j]) {
                pairsTested += 1
                if try unitGeoms[i].overlapsInterior(unitGeoms[j]) { overlaps += 1 }
            }
        }
        XCTAssertGreaterThan(pairsTested, 922)
        XCTAssertEqual(overlaps, 0)
    }

    func testTerritoireSeatsLieInTheirOwnTerritoire() throws {
        let territoires = try SampleFixture.layer("territoires.shp")
        let geos = try GEOSContext()
        XCTAssertEqual(territoires.features.count, 20)
        for spec in KasaiGeography.territoires {
            guard let f = territoires.features.first(where: { territoires.text($0, "ADM2_PCODE") == spec.pcode }) else {
                XCTFail("no territoire \(spec.pcode)"); continue
            }
            XCTAssertEqual(territoires.text(f, "ADM2_FR"), spec.name)
            XCTAssertTrue(try geos.multiPolygon(territoires.polygons(f)).covers(geos.point(spec.seat)), "seat of \(spec.name)")
        }
    }

    func testVillagePopulationsAddUpToTheirGroupement() throws {
        let units = try SampleFixture.layer("groupements.shp")
        let villages = try SampleFixture.layer("villages.shp")
        var sums: [String: Double] = [:]
        for v in villages.features { sums[villages.text(v, "GRP_PCODE"), default: 0] += villages.number(v, "population") ?? .nan }
        XCTAssertEqual(sums.count, units.features.count)
        for f in units.features {
            XCTAssertEqual(sums[units.text(f, "GRP_PCODE")], units.number(f, "POP_2017"), units.text(f, "GRP_PCODE"))
        }
    }
}
