import XCTest
import Foundation
import Domain
import ShapefileIO
@testable import Project

/// `where = { FIELD = value | [values] }` on units and layers: the rows kept, counted, typed
/// comparison, and every bad filter named at its manifest line. Four square groupements in two
/// territoires and a services table of three types, written here by hand.
final class WhereFilterTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("where-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func square(_ x: Double, _ y: Double) -> Shape {
            .polygons([Polygon(exterior: [Coordinate(x, y), Coordinate(x, y + 1), Coordinate(x + 1, y + 1), Coordinate(x + 1, y), Coordinate(x, y)])])
        }
        try ShapefileWriter.write(
            path: dir.appendingPathComponent("groupements.shp").path, kind: .polygon,
            shapes: [square(22, -6), square(23, -6), square(22, -7), square(23, -7)],
            fields: [FieldSchema(name: "GRP_PCODE", type: .text), FieldSchema(name: "GRP_FR", type: .text),
                     FieldSchema(name: "ADM2_PCODE", type: .text), FieldSchema(name: "ZONE", type: .integer)],
            rows: [[.text("CD9102001"), .text("Bena Tshiadi"), .text("CD9102"), .number(1)],
                   [.text("CD9102002"), .text("Kasaï-Ntambwe"), .text("CD9102"), .number(1)],
                   [.text("CD9104001"), .text("Luiza Centre"), .text("CD9104"), .number(2)],
                   [.text("CD9104002"), .text("Mutefu"), .text("CD9104"), .number(3)]])
        // Two police rows have a bad number of staff: rejected when read, left out by a filter.
        try """
        id,type,level,staff,latitude,longitude
        S1,health,1,4,-5.5,22.5
        S2,health,02,6,-5.5,23.5
        S3,police,1,abc,-6.5,22.5
        S4,police,3,n.a.,-6.5,23.5
        S5,court,1,2,-5.5,22.5
        S6,health,3,1,-6.5,23.5
        """.write(to: dir.appendingPathComponent("services.csv"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// `[units]` on lines 2–6 (its `where`, when given, on line 6), `[layers.services]` on the line after.
    func manifest(units: String = "", services: String) -> String {
        """
        name = "where"
        [units]
        path = "groupements.shp"
        id = "GRP_PCODE"
        name = "GRP_FR"
        \(units)
        [layers.services]
        kind = "points"
        path = "services.csv"
        numbers = ["staff"]
        \(services)
        """
    }

    func load(_ text: String) throws -> LoadedProject {
        let path = dir.appendingPathComponent("targeting.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ProjectLoader.load(manifestPath: path)
    }

    func loadError(_ text: String) -> TargetingError? {
        do { _ = try load(text); return nil } catch let e as TargetingError { return e } catch { XCTFail("\(error)"); return nil }
    }

    func ids(_ p: LoadedProject, layer: String) -> [String] {
        let l = p.layers.first { $0.name == layer }!.layer
        return l.features.map { $0.values[l.fieldIndex("id")!].text ?? "" }
    }

    func testUnfilteredReadRejectsThePoliceRows() throws {
        // The control: without a filter, the two bad police rows are rejected.
        let p = try load(manifest(services: ""))
        let f = try XCTUnwrap(p.files.first { $0.entry == "layers.services" })
        XCTAssertEqual([f.records, f.kept, f.rejected], [6, 4, 2])
        XCTAssertNil(f.filteredOut)
        XCTAssertNil(f.filter)
    }

    func testOneValueKeepsItsRowsAndFilteredRowsAreNotRejected() throws {
        let p = try load(manifest(services: "where = { type = \"health\" }"))
        XCTAssertEqual(ids(p, layer: "services"), ["S1", "S2", "S6"])
        let f = try XCTUnwrap(p.files.first { $0.entry == "layers.services" })
        XCTAssertEqual([f.records, f.kept, f.rejected, f.filteredOut], [6, 3, 0, 3])
        XCTAssertEqual(f.filter, "type = \"health\"")
        // The readers' warnings about the police rows went with them.
        XCTAssertFalse(p.diagnostics.contains { $0.message.hasPrefix("row rejected") }, "\(p.diagnostics)")
    }

    func testSeveralValuesAndFieldsAndNumbersAsNumbers() throws {
        // `02` and `3` on a text column read as the numbers 2 and 3; two fields must both hold.
        var p = try load(manifest(services: "where = { level = [2, 3], type = [\"health\", \"police\"] }"))
        // S4 is kept by the filter, then rejected for its staff "n.a.".
        XCTAssertEqual(ids(p, layer: "services"), ["S2", "S6"])
        let f = p.files.first { $0.entry == "layers.services" }
        XCTAssertEqual([f?.records, f?.kept, f?.rejected, f?.filteredOut], [6, 2, 1, 3])
        // The text "02" is matched exactly as text.
        p = try load(manifest(services: "where = { level = \"02\" }"))
        XCTAssertEqual(ids(p, layer: "services"), ["S2"])
        // A number column compares numbers.
        p = try load(manifest(services: "where = { staff = 4.0 }"))
        XCTAssertEqual(ids(p, layer: "services"), ["S1"])
    }

    func testUnitsFilterOnTextNFCAndOnANumberField() throws {
        var p = try load(manifest(units: "where = { ADM2_PCODE = \"CD9102\" }", services: ""))
        XCTAssertEqual(p.units.ids.map(\.rawValue), ["CD9102001", "CD9102002"])
        let u = try XCTUnwrap(p.files.first { $0.entry == "units" })
        XCTAssertEqual([u.records, u.kept, u.filteredOut], [4, 2, 2])
        // "Kasaï" typed with a combining diaeresis is the same text as the file's precomposed one.
        p = try load(manifest(units: "where = { GRP_FR = \"Kasai\u{0308}-Ntambwe\" }", services: ""))
        XCTAssertEqual(p.units.ids.map(\.rawValue), ["CD9102002"])
        p = try load(manifest(units: "where = { ZONE = [2, 3] }", services: ""))
        XCTAssertEqual(p.units.ids.map(\.rawValue), ["CD9104001", "CD9104002"])
    }

    // MARK: errors, exactly

    func testUnknownFieldIsNamedWithItsLineAndNearestName() {
        let e = loadError(manifest(services: "where = { typ = \"health\" }"))
        XCTAssertEqual(e?.description, """
            \(dir.path)/targeting.toml:11: layer 'services' names field 'typ' (role where) but services.csv has: id, type, level, staff, latitude, longitude
              hint: did you mean 'type'?
            """)
        let u = loadError(manifest(units: "where = { ADM2_PCOD = \"CD9102\" }", services: ""))
        XCTAssertEqual(u?.description, """
            \(dir.path)/targeting.toml:6: layer 'units' names field 'ADM2_PCOD' (role where) but groupements.shp has: GRP_PCODE, GRP_FR, ADM2_PCODE, ZONE
              hint: did you mean 'ADM2_PCODE'?
            """)
    }

    func testFilterKeepingNothingListsTheValuesTheFileHolds() {
        let e = loadError(manifest(services: "where = { type = \"Health\" }"))
        XCTAssertEqual(e?.description, """
            \(dir.path)/targeting.toml:11: [layers.services] where keeps no row of services.csv (6 rows): no row has type = "Health"
              hint: the values of 'type' in the file: "health" (3), "police" (2), "court" (1)
            """)
        let both = loadError(manifest(services: "where = { type = \"court\", level = 3 }"))
        XCTAssertEqual(both?.description, """
            \(dir.path)/targeting.toml:11: [layers.services] where keeps no row of services.csv (6 rows): no row has all of type = "court"; level = 3
              hint: each condition alone keeps rows: type = "court" keeps 1, level = 3 keeps 2
            """)
        let units = loadError(manifest(units: "where = { ADM2_PCODE = \"CD9103\" }", services: ""))
        XCTAssertEqual(units?.description, """
            \(dir.path)/targeting.toml:6: [units] where keeps no row of groupements.shp (4 rows): no row has ADM2_PCODE = "CD9103"
              hint: the values of 'ADM2_PCODE' in the file: "CD9102" (2), "CD9104" (2)
            """)
    }

    func testTextOnANumberFieldIsRefused() {
        let e = loadError(manifest(units: "where = { ZONE = \"2\" }", services: ""))
        XCTAssertEqual(e?.description, """
            \(dir.path)/targeting.toml:6: [units] where: the field 'ZONE' holds numbers, so the text "2" would match no row
              hint: write the number without quotes: ZONE = 2
            """)
        let csv = loadError(manifest(services: "where = { staff = [\"4\"] }"))
        XCTAssertEqual(csv?.description, """
            \(dir.path)/targeting.toml:11: [layers.services] where: the field 'staff' holds numbers, so the text "4" would match no row
              hint: write the number without quotes: staff = 4
            """)
    }
}
