import XCTest
@testable import Tables
import Domain

final class LayerBuilderTests: XCTestCase {
    // acled_points.csv, by line: 2 ok, 3 ok (date spelled out, fatalities empty → null), 4 missing
    // latitude, 5 longitude 222.5, 6 longitude 'abc', 7 fatalities '12,5', 8 blank, 9 date
    // 'yesterday', 10 ok (-3e2), 11 fatalities 'nan'.
    func testPointLayerKeepsGoodRowsAndReportsEachBadOne() throws {
        let t = try CSVReader.read(path: Fixture.path("acled_points.csv"))
        // '12,5' among decimal points: the mark is stated, or the file would be refused as mixed.
        let r = try t.makeLayer(TableSchema(numbers: ["fatalities"], dates: ["event_date"], texts: ["event_id_cnty"],
                                            longitude: "longitude", latitude: "latitude", decimal: .point))
        XCTAssertEqual(r.rowsRead, 9)
        XCTAssertEqual(r.rowsKept, 3)
        XCTAssertEqual(r.rowsRejected, 6)
        let layer = r.layer
        XCTAssertEqual(layer.features.map(\.location.line), [2, 3, 10])
        XCTAssertEqual(layer.diagnostics.map(\.location.line), [4, 5, 6, 7, 9, 11])
        XCTAssertEqual(layer.diagnostics.map(\.code), [.missingCoordinate, .coordinateOutOfRange, .badCoordinate,
                                                       .badNumber, .badDate, .badNumber])
        XCTAssertTrue(layer.diagnostics[3].message.contains("column 'fatalities': '12,5' is not a number"), layer.diagnostics[3].message)
        XCTAssertTrue(layer.diagnostics[4].message.contains("column 'event_date': 'yesterday'"), layer.diagnostics[4].message)
        XCTAssertTrue(layer.diagnostics[1].message.contains("222.5"))
        XCTAssertTrue(layer.diagnostics.allSatisfy { $0.location.file == Fixture.path("acled_points.csv") })

        let f = layer.fieldIndex("fatalities")!, d = layer.fieldIndex("event_date")!, id = layer.fieldIndex("EVENT_ID_CNTY")!
        XCTAssertEqual(layer.fields[f].type, .real)
        XCTAssertEqual(layer.fields[d].type, .date)
        XCTAssertEqual(layer.features[0].values[f], .number(3))
        XCTAssertEqual(layer.features[1].values[f], .null, "an empty optional number is null, not zero")
        XCTAssertEqual(layer.features[1].values[d], .date(ISODate(iso: "2020-08-15")!))
        XCTAssertEqual(layer.features[2].values[f], .number(-300))
        XCTAssertEqual(layer.features[2].values[id], .text("DRC8"))
        XCTAssertEqual(layer.features[0].shape, .point(Coordinate(x: 22.4, y: -6.1)))
        XCTAssertEqual(layer.features[2].shape, .point(Coordinate(x: 22.6, y: -6.3)))
    }

    func testHXLTableWithRequiredColumn() throws {
        let t = try CSVReader.read(path: Fixture.path("dtm_bom_hxl.csv"))
        let r = try t.makeLayer(TableSchema(numbers: ["#affected+idps+ind", "#affected+returnees+ind"],
                                            dates: ["#date+reported"], required: ["#adm2+pcode"]))
        // Table rows at lines 3, 4, 6, 7, 9; line 8 ragged; line 4 '1,200'; line 7 'x' and '2020-13-01'.
        XCTAssertEqual(r.rowsRead, 6)
        XCTAssertEqual(r.layer.features.map(\.location.line), [3, 6, 9])
        XCTAssertEqual(r.layer.diagnostics.map(\.location.line), [4, 7, 8])
        XCTAssertEqual(r.layer.diagnostics.map(\.code), [.badNumber, .badNumber, .raggedRow])
        XCTAssertTrue(r.layer.diagnostics[1].message.contains("'x' is not a number") && r.layer.diagnostics[1].message.contains("'2020-13-01' is not a date"))
        XCTAssertEqual(r.rowsRejected, 3)
        XCTAssertEqual(r.layer.features[1].values[3], .null)
        XCTAssertEqual(r.layer.features[2].values[5], .date(ISODate(iso: "2020-12-31")!))
        XCTAssertEqual(r.fieldTags[3]?.description, "#affected+idps+ind")
        // The layer itself answers to tags (attribute order free, +code = +pcode) and names.
        XCTAssertEqual(r.layer.fieldIndex("#affected+ind+idps"), 3)
        XCTAssertEqual(r.layer.fieldIndex("#adm2+code"), 1)
        XCTAssertEqual(r.layer.fieldIndex("RETURNEES"), 4)
        // Reading-time rejections are counted once, in the layer's diagnostics and in the totals.
        XCTAssertEqual(r.rowsRead, r.rowsKept + r.rowsRejected)
        XCTAssertEqual(r.layer.diagnostics.filter { $0.code == .raggedRow }.count, t.rejectedRowCount)
        XCTAssertNil(r.layer.features[0].shape)

        let empty = try CSVReader.parse(bytes: Array("code,n\n,1\nCD91,2\n".utf8), path: "q.csv")
        let r2 = try empty.makeLayer(TableSchema(numbers: ["n"], required: ["code"]))
        XCTAssertEqual(r2.layer.diagnostics.map(\.code), [.missingValue])
        XCTAssertEqual(r2.layer.diagnostics.first?.location.line, 2)
        XCTAssertEqual(r2.rowsKept, 1)
    }

    func testMissingColumnsAreErrorsNamingThem() throws {
        let t = try CSVReader.read(path: Fixture.path("acled_points.csv"))
        XCTAssertThrowsError(try t.makeLayer(TableSchema(longitude: "lon", latitude: "latitude"))) { e in
            let err = e as? TargetingError
            XCTAssertTrue(err?.message.contains("no column 'lon' (wanted as longitude)") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try t.makeLayer(TableSchema(longitude: "longitude"))) { e in
            XCTAssertTrue((e as? TargetingError)?.message.contains("needs both") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try t.makeLayer(TableSchema(numbers: ["fatalities"], dates: ["fatalities"]))) { e in
            XCTAssertTrue((e as? TargetingError)?.message.contains("both as numbers and as dates") ?? false, "\(e)")
        }
    }
}
