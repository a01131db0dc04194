import Foundation
import XCTest
import Domain
import Geometry
@testable import SampleData

final class SampleLayerTests: XCTestCase {
    private func dtm() throws -> (header: [String], hxl: [String], rows: [[String: String]]) {
        let rows = try SampleFixture.csvRows("dtm_kasai.csv")
        let header = rows[0]
        return (header, rows[1], rows.dropFirst(2).map { Dictionary(uniqueKeysWithValues: zip(rows[1], $0)) })
    }

    func testDTMHasTheHXLRowAndTheStrategyFigures() throws {
        let (_, hxl, rows) = try dtm()
        for tag in ["#adm1+name", "#adm1+pcode", "#adm2+name", "#adm2+pcode", "#adm3+name", "#adm3+pcode", "#affected+idps+ind",
                    "#affected+idps+hh", "#affected+returnees+ind", "#affected+returnees+hh", "#date+reported"] {
            XCTAssertTrue(hxl.contains(tag), tag)
        }
        func total(_ tag: String, _ pick: ([String: String]) -> Bool) -> Int { rows.filter(pick).reduce(0) { $0 + (Int($1[tag] ?? "") ?? 0) } }
        let returnees2019 = total("#affected+returnees+ind") { $0["#date+reported"]?.hasPrefix("2019") == true }
        XCTAssertGreaterThanOrEqual(returnees2019, 516_000)          // "more than 516,000" (strategy)
        XCTAssertLessThan(returnees2019, 521_000)
        let peak = Set(rows.compactMap { $0["#date+reported"] }).map { d in total("#affected+idps+ind") { $0["#date+reported"] == d } }.max() ?? 0
        XCTAssertEqual(Double(peak), 1_400_000, accuracy: 28_000)    // "about 1.4 million" at the peak
        let expelled = total("#affected+expelled+ind") { _ in true }
        let viaKamako = total("#affected+expelled+ind") { $0["#loc+crossing+name"] == "Kamako" }
        XCTAssertEqual(expelled, 23_688)
        XCTAssertEqual(Double(viaKamako) / Double(expelled), 0.90, accuracy: 0.005)
        let kamakoRow = rows.first { $0["#loc+crossing+name"] == "Kamako" }
        XCTAssertEqual(kamakoRow?["#adm2+pcode"], "CD9202")          // Kamonia
        let fled = rows.filter { (Int($0["#affected+idps+ind+new"] ?? "") ?? 0) > 0 }
        XCTAssertEqual(fled.reduce(0) { $0 + (Int($1["#affected+idps+ind+new"] ?? "") ?? 0) }, 43_500)
        XCTAssertEqual(Set(fled.compactMap { $0["#adm2+pcode"] }), ["CD9106", "CD9207", "CD8209"])
        // Some rows carry only a name, for the join report to resolve within the territoire.
        XCTAssertGreaterThan(rows.filter { ($0["#adm3+pcode"] ?? "").isEmpty }.count, 3)
    }

    func testACLEDColumnsDatesAndStory() throws {
        let rows = try SampleFixture.csvRows("acled_kasai.csv")
        XCTAssertEqual(rows[0], ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                                 "fatalities", "tags", "timestamp"])
        let events = rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
        XCTAssertGreaterThan(events.count, 800)
        var dates: [ISODate] = []
        for e in events {
            guard let d = ISODate(parsing: e["event_date"] ?? "") else { XCTFail("bad date \(e["event_date"] ?? "")"); continue }
            dates.append(d)
            XCTAssertEqual(e["year"], "\(d.components.year)")
            XCTAssertTrue(["Battles", "Violence against civilians", "Explosions/Remote violence", "Riots", "Protests",
                           "Strategic developments"].contains(e["event_type"] ?? ""), e["event_type"] ?? "")
        }
        XCTAssertEqual(dates.map(\.daysSinceEpoch).min().map { ISODate(daysSinceEpoch: $0).components.year }, 2015)
        XCTAssertEqual(dates.map(\.daysSinceEpoch).max().map { ISODate(daysSinceEpoch: $0).components.year }, 2020)
        func count(_ admin2: String, _ from: String, _ to: String) -> Int {
            let a = ISODate(iso: from)!, b = ISODate(iso: to)!
            return zip(events, dates).filter { $0.0["admin2"] == admin2 && $0.1 >= a && $0.1 <= b }.count
        }
        // The crisis starts in Dibaya in August 2016; Kasaï (Kamonia) follows in 2017.
        XCTAssertGreaterThan(count("Dibaya", "2016-08-01", "2016-12-31"), 20)
        XCTAssertLessThan(count("Kamonia", "2016-08-01", "2016-12-31"), 5)
        XCTAssertGreaterThan(count("Kamonia", "2017-02-01", "2017-12-31"), 40)
        // August–September 2020: Demba, Mweka and Katanda.
        let clashes = ["Demba", "Mweka", "Katanda"].map { count($0, "2020-08-01", "2020-09-30") }
        XCTAssertTrue(clashes.allSatisfy { $0 >= 5 }, "\(clashes)")
    }

    /// A few ACLED points sit exactly on a border shared by two groupements, and a few outside
    /// every unit (the cases of the shared-border rule and of points outside every unit).
    func testACLEDHasPointsOnSharedBordersAndOutside() throws {
        let rows = try SampleFixture.csvRows("acled_kasai.csv")
        let lat = rows[0].firstIndex(of: "latitude")!, lon = rows[0].firstIndex(of: "longitude")!
        let units = try SampleFixture.layer("groupements.shp")
        let geos = try GEOSContext()
        let geoms = try units.features.map { try geos.multiPolygon(units.polygons($0)) }
        let boxes = units.features.map { $0.shape?.boundingBox ?? .empty }
        var outside = 0, onBorder = 0
        for r in rows.dropFirst() {
            guard let y = Double(r[lat]), let x = Double(r[lon]) else { XCTFail("bad coordinate"); continue }
            let c = Coordinate(x, y)
            let p = try geos.point(c)
            var covering = 0
            for i in geoms.indices where boxes[i].contains(c) { if try geoms[i].covers(p) { covering += 1 } }
            if covering == 0 { outside += 1 }
            if covering >= 2 { onBorder += 1 }
        }
        XCTAssertEqual(outside, 3)
        XCTAssertEqual(onBorder, 5)                                   // the generator's 5 corner events (Shapefiles/README.md)
    }

    func testServicesConcentrateInTheCitiesAndPoliceMatchesPNCKasai() throws {
        // Facilities per km² inside the villes (Tshikapa, Kananga, Tshimbulu, Mbuji-Mayi, Lukalaba)
        // against the rest of the region.
        let territoires = try SampleFixture.layer("territoires.shp")
        let geos = try GEOSContext(), geodesy = Geodesy()
        let villes = territoires.features.filter { territoires.text($0, "TYPE") == "ville" }
        XCTAssertEqual(villes.count, 5)
        let villeGeoms = try villes.map { try geos.multiPolygon(territoires.polygons($0)) }
        let villeKm2 = villes.reduce(0.0) { $0 + geodesy.areaKm2(territoires.polygons($1)) }
        let allKm2 = territoires.features.reduce(0.0) { $0 + geodesy.areaKm2(territoires.polygons($1)) }
        for name in ["health_facilities.shp", "schools.shp"] {
            let layer = try SampleFixture.layer(name)
            var inVilles = 0
            for f in layer.features {
                guard case .point(let c)? = f.shape else { XCTFail("\(name): not a point"); continue }
                let p = try geos.point(c)
                if try villeGeoms.contains(where: { try $0.covers(p) }) { inVilles += 1 }
            }
            let cityDensity = Double(inVilles) / villeKm2, ruralDensity = Double(layer.features.count - inVilles) / (allKm2 - villeKm2)
            XCTAssertGreaterThan(cityDensity, 10 * ruralDensity, "\(name): \(inVilles) of \(layer.features.count) in the villes")
        }
        let police = try SampleFixture.layer("police.shp")
        let kasaiAgents = police.features.filter { police.text($0, "ADM1_PCODE") == "CD92" }.reduce(0.0) { $0 + (police.number($1, "agents") ?? 0) }
        XCTAssertEqual(kasaiAgents, 3_110)                             // PNC Kasaï, strategy
        XCTAssertTrue(police.features.allSatisfy { police.text($0, "amenity") == "police" })
        let proximity = police.features.filter { police.text($0, "police_typ") == "police de proximité" }.map { police.text($0, "name") }
        XCTAssertEqual(Set(proximity.map { $0.split(separator: " ").dropLast().last.map(String.init) ?? "" }), ["Bipemba", "Muya", "Dibindi"])
        let health = try SampleFixture.layer("health_facilities.shp")
        XCTAssertNotNil(health.fieldIndex("is_in_heal"))
        XCTAssertNotNil(health.fieldIndex("operator_t"))
        let courts = try SampleFixture.layer("courts.shp")
        XCTAssertFalse(courts.features.isEmpty)
        XCTAssertTrue(courts.features.allSatisfy { courts.text($0, "amenity") == "courthouse" })
    }
}
