import XCTest
@testable import Manifest
import Domain

/// `zones` on tables and `apportion` on polygon layers: the model, and each mistake with the
/// manifest line it must cite.
final class ZoneKeyTests: XCTestCase {
    /// Lines 1-4 are the units; the zone layer starts on line 5, the table on line 10.
    let head = """
        name = "t"
        [units]
        path = "g.shp"
        id = "P"
        [layers.health_zones]
        kind = "polygons"
        path = "zs.shp"
        id = "ZS_PCODE"

        [layers.dtm_zones]
        kind = "table"
        path = "dtm_zs.csv"
        key = "ZS_PCODE"

        """   // what follows starts on line 14

    func parse(_ text: String) throws -> ProjectManifest {
        try ProjectManifest(parsing: text, file: "targeting.toml", folder: "/nowhere", checkFiles: false)
    }

    func testZonesAndApportionAreRead() throws {
        let m = try parse(head.replacingOccurrences(of: "key = \"ZS_PCODE\"", with: "key = \"ZS_PCODE\"\nzones = \"health_zones\"")
                          + "[layers.villages]\nkind = \"points\"\npath = \"v.shp\"\n")
        XCTAssertEqual(m.layer(named: "dtm_zones")?.zones, ZoneReference(layer: "health_zones", line: 14))
        XCTAssertEqual(m.layer(named: "health_zones")?.apportion, .area, "area is the default")
        XCTAssertNil(m.layer(named: "dtm_zones")?.apportion, "only polygon layers are apportioned")

        let pop = try parse(head.replacingOccurrences(of: "id = \"ZS_PCODE\"", with: "id = \"ZS_PCODE\"\napportion = \"population\"\npopulation_points = \"villages\"\npopulation_field = \"population\"")
                            + "[layers.villages]\nkind = \"points\"\npath = \"v.shp\"\n")
        XCTAssertEqual(pop.layer(named: "health_zones")?.apportion,
                       .population(PopulationPoints(layer: "villages", layerLine: 10, field: "population", fieldLine: 11)))
    }

    func testZonesNamingNoLayerSuggestsTheNearest() {
        let e = manifestError(head + "[layers.b]\nkind = \"table\"\npath = \"b.csv\"\nkey = \"Z\"\nzones = \"health_zone\"\n")
        XCTAssertEqual(e?.location?.line, 18)
        XCTAssertEqual(e?.message, "[layers.b] zones = \"health_zone\" names no layer of this manifest")
        XCTAssertEqual(e?.hint, "did you mean \"health_zones\"?")
    }

    func testZonesMustNameAPolygonLayerWithAnID() {
        let wrongKind = manifestError(head + "[layers.b]\nkind = \"table\"\npath = \"b.csv\"\nkey = \"Z\"\nzones = \"dtm_zones\"\n")
        XCTAssertEqual(wrongKind?.location?.line, 18)
        XCTAssertEqual(wrongKind?.message, "[layers.b] zones = \"dtm_zones\" must name a kind = \"polygons\" layer, but [layers.dtm_zones] is kind = \"table\"")
        XCTAssertEqual(wrongKind?.hint, "[layers.dtm_zones] is at line 10")

        let noID = manifestError(head.replacingOccurrences(of: "id = \"ZS_PCODE\"\n", with: "")
                                 + "[layers.b]\nkind = \"table\"\npath = \"b.csv\"\nkey = \"Z\"\nzones = \"health_zones\"\n")
        XCTAssertEqual(noID?.location?.line, 17)
        XCTAssertTrue(noID?.message.hasPrefix("[layers.b] zones = \"health_zones\" but [layers.health_zones] has no id") ?? false, "\(String(describing: noID))")
    }

    func testZonesOnlyOnTablesAndNotWithParent() {
        let onPoints = manifestError(head + "[layers.c]\nkind = \"points\"\npath = \"c.csv\"\nzones = \"health_zones\"\n")
        XCTAssertEqual(onPoints?.location?.line, 17)
        XCTAssertEqual(onPoints?.hint, "'zones' is used with kind = \"table\"")
        let withParent = manifestError(head + "[layers.b]\nkind = \"table\"\npath = \"b.csv\"\nkey = \"Z\"\nparent = \"#adm2+pcode\"\nzones = \"health_zones\"\n")
        XCTAssertEqual(withParent?.location?.line, 18)
        XCTAssertEqual(withParent?.message, "[layers.b] parent cannot be used with zones: rows are joined to the zones by code only")
    }

    func testApportionMistakes() {
        let z = "[layers.z]\nkind = \"polygons\"\npath = \"z.shp\"\nid = \"Z\"\n"   // lines 14-17
        let typo = manifestError(head + z + "apportion = \"areas\"\n")
        XCTAssertEqual(typo?.location?.line, 18)
        XCTAssertEqual(typo?.message, "[layers.z] apportion = \"areas\" is not one of: area, population")
        XCTAssertEqual(typo?.hint, "did you mean \"area\"?")

        let noPoints = manifestError(head + z + "apportion = \"population\"\npopulation_field = \"pop\"\n")
        XCTAssertEqual(noPoints?.location?.line, 18)
        XCTAssertTrue(noPoints?.message.hasPrefix("[layers.z] apportion = \"population\" needs population_points") ?? false)

        let noField = manifestError(head + z + "apportion = \"population\"\npopulation_points = \"villages\"\n")
        XCTAssertEqual(noField?.location?.line, 18)
        XCTAssertTrue(noField?.message.hasPrefix("[layers.z] apportion = \"population\" needs population_field") ?? false)

        let strayField = manifestError(head + z + "population_field = \"pop\"\n")
        XCTAssertEqual(strayField?.location?.line, 18)
        XCTAssertEqual(strayField?.hint, "add apportion = \"population\", or remove this line")

        let notPoints = manifestError(head + z + "apportion = \"population\"\npopulation_points = \"health_zones\"\npopulation_field = \"pop\"\n")
        XCTAssertEqual(notPoints?.location?.line, 19)
        XCTAssertEqual(notPoints?.message, "[layers.z] population_points = \"health_zones\" must name a kind = \"points\" layer, but [layers.health_zones] is kind = \"polygons\"")

        let missing = manifestError(head + z + "apportion = \"population\"\npopulation_points = \"village\"\npopulation_field = \"pop\"\n")
        XCTAssertEqual(missing?.location?.line, 19)
        XCTAssertEqual(missing?.hint, "layers are: health_zones, dtm_zones, z")

        let onTable = manifestError(head + "[layers.b]\nkind = \"table\"\npath = \"b.csv\"\nkey = \"Z\"\napportion = \"area\"\n")
        XCTAssertEqual(onTable?.location?.line, 18)
        XCTAssertEqual(onTable?.hint, "'apportion' is used with kind = \"polygons\"")
    }
}
