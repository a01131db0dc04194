import XCTest
@testable import Project
import Domain
import Manifest

/// A shapefile whose date field is text: its numeric dates get their day/month order as CSV
/// columns do, stated (`date_format`) or proved by the field, never assumed.
final class ShapefileDateOrderTests: XCTestCase {
    let manifest = try! ProjectManifest(parsing: "name = \"t\"\n[units]\npath = \"u.shp\"\nid = \"P\"\n",
                                        file: "targeting.toml", folder: "/nowhere", checkFiles: false)

    func layer(_ dates: [String]) -> Layer {
        Layer(path: "offices.shp", fields: [FieldSchema(name: "OPENED", type: .text)],
              features: dates.enumerated().map { Feature(location: SourceLocation(file: "offices.shp", record: $0.offset + 1),
                                                         shape: nil, values: [$0.element.isEmpty ? .null : .text($0.element)]) })
    }

    func testProvedOrderIsReadAndSaid() throws {
        var l = layer(["03/04/2020", "12/30/2020", "2020-01-05", ""])
        try ProjectLoader.convertDates(&l, field: 0, format: nil, label: "layers.offices", manifest: manifest)
        XCTAssertEqual(l.features.map { $0.values[0] }, [.date(ISODate(iso: "2020-03-04")!), .date(ISODate(iso: "2020-12-30")!),
                                                         .date(ISODate(iso: "2020-01-05")!), .null])
        XCTAssertEqual(l.diagnostics.map(\.description), [
            "offices.shp: record 2: warning: field 'OPENED': numeric dates read as MM/DD/YYYY (month first): in '12/30/2020' the second part is above 12, so it is the day (set date_format = \"MM/DD/YYYY\" for [layers.offices] at targeting.toml to state it)"])
        XCTAssertEqual(l.diagnostics.map(\.code), [.dateOrder])
    }

    func testUndecidableOrderStopsAndAStatedOneIsRead() throws {
        var l = layer(["03/04/2020", "05/06/2020"])
        XCTAssertThrowsError(try ProjectLoader.convertDates(&l, field: 0, format: nil, label: "layers.offices", manifest: manifest)) { e in
            XCTAssertEqual((e as? TargetingError)?.description, """
                offices.shp: record 1: field 'OPENED': the day/month order of dates such as '03/04/2020' cannot be decided: none of the 2 distinct dates written with numbers has a part above 12, so each could be read either way
                  hint: set date_format = "DD/MM/YYYY" or date_format = "MM/DD/YYYY" for [layers.offices] at targeting.toml
                """)
        }
        try ProjectLoader.convertDates(&l, field: 0, format: .dayMonthYear, label: "layers.offices", manifest: manifest)
        XCTAssertEqual(l.features.map { $0.values[0] }, [.date(ISODate(iso: "2020-04-03")!), .date(ISODate(iso: "2020-06-05")!)])
        XCTAssertTrue(l.diagnostics.isEmpty)
    }

    /// Values proving both orders stop the run, as in a CSV column (same decision, same message;
    /// records instead of lines); a stated order reads the other values as bad dates, said per record.
    func testContradictoryOrderStopsLikeACSVColumn() throws {
        var l = layer(["15/06/2020", "2020-01-01", "12-31-2020", "15/06/2020"])
        XCTAssertThrowsError(try ProjectLoader.convertDates(&l, field: 0, format: nil, label: "layers.offices", manifest: manifest)) { e in
            XCTAssertEqual((e as? TargetingError)?.description, """
                offices.shp: record 3: field 'OPENED' mixes day-first dates ('15/06/2020', record 1) and month-first dates ('12-31-2020', record 3): its day/month order cannot be decided
                  hint: write every date one way (YYYY-MM-DD is safest), or set date_format = "DD/MM/YYYY" or "MM/DD/YYYY" for [layers.offices] at targeting.toml: dates not in that order are then reported row by row
                """)
        }
        try ProjectLoader.convertDates(&l, field: 0, format: .dayMonthYear, label: "layers.offices", manifest: manifest)
        XCTAssertEqual(l.features.map { $0.values[0] }, [.date(ISODate(iso: "2020-06-15")!), .date(ISODate(iso: "2020-01-01")!),
                                                         .null, .date(ISODate(iso: "2020-06-15")!)])
        XCTAssertEqual(l.diagnostics.map(\.code), [.badDate])
        XCTAssertEqual(l.diagnostics.map(\.description), [
            "offices.shp: record 3: warning: field 'OPENED': '12-31-2020' is not a date (accepted: 2020-12-31, 20201231, 31 December 2020, 31/12/2020 (day first)); the record is left out of every date window (write dates as YYYY-MM-DD, or set date_format for [layers.offices])"])
    }
}
