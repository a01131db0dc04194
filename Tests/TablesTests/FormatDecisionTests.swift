import XCTest
@testable import Tables
import Domain

/// How a table's decimal mark, date order and missing values are decided before any row is read.
final class FormatDecisionTests: XCTestCase {
    func table(_ text: String, delimiter: Character = ",") throws -> Table {
        try CSVReader.parse(bytes: Array(text.utf8), path: "t.csv", options: CSVOptions(delimiter: delimiter.asciiValue!))
    }

    let pointSchema = TableSchema(numbers: ["fatalities"], dates: ["event_date"], longitude: "longitude", latitude: "latitude")

    func testSemicolonFileWithDecimalCommasIsReadAndSaid() throws {
        let t = try table("event_date;latitude;longitude;fatalities\n30/12/2020;-5,2086;22,2104;0\n03/04/2020;-6,421;20,7758;2,5\n", delimiter: ";")
        let r = try t.makeLayer(pointSchema)
        XCTAssertEqual(r.rowsKept, 2)
        XCTAssertEqual(r.layer.features[1].shape, .point(Coordinate(x: 20.7758, y: -6.421)))
        XCTAssertEqual(r.layer.features[1].values[3], .number(2.5))
        XCTAssertEqual(r.layer.features[1].values[0], .date(ISODate(iso: "2020-04-03")!))
        XCTAssertEqual(r.formatNotes.map(\.description), [
            "t.csv:2: warning: numbers read with a decimal comma: '-5,2086' (column 'latitude') can only be a decimal comma, and no number of the file uses a decimal point (set decimal = \",\" for this layer to state it)",
            "t.csv:2: warning: column 'event_date': numeric dates read as DD/MM/YYYY (day first): in '30/12/2020' the first part is above 12, so it is the day (set date_format = \"DD/MM/YYYY\" for this layer to state it)"])
        XCTAssertEqual(r.formatNotes.map(\.code), [.decimalComma, .dateOrder])
    }

    func testQuotedDecimalCommasInACommaFile() throws {
        let t = try table("event_date,latitude,longitude,fatalities\n2020-12-30,\"-5,2086\",\"22,2104\",\"1.234,5\"\n")
        let r = try t.makeLayer(pointSchema)
        XCTAssertEqual(r.layer.features[0].values[3], .number(1234.5))
        XCTAssertEqual(r.layer.features[0].shape, .point(Coordinate(x: 22.2104, y: -5.2086)))
    }

    func testMixedDecimalMarksStop() throws {
        let t = try table("event_date,latitude,longitude,fatalities\n2020-12-30,-5.2086,22.2104,0\n2020-12-31,-5.3,22.4,\"2,5\"\n")
        XCTAssertThrowsError(try t.makeLayer(pointSchema)) { e in
            XCTAssertEqual((e as? TargetingError)?.description, """
                t.csv:3: the numbers mix decimal commas ('2,5' in column 'fatalities', line 3) and decimal points ('-5.2086' in column 'latitude', line 2): which one the file means cannot be decided
                  hint: set decimal = "," or decimal = "." for this layer; cells written the other way are then reported row by row
                """)
        }
        // Stated, the comma cell is the one reported, with its row.
        var stated = pointSchema
        stated.decimal = .point
        let r = try t.makeLayer(stated)
        XCTAssertEqual(r.rowsKept, 1)
        XCTAssertEqual(r.layer.diagnostics.map(\.description), [
            "t.csv:3: warning: row rejected: column 'fatalities': '2,5' is not a number: it has a decimal comma, but the layer's numbers are read with decimal points; set decimal = \",\" for this layer if the file writes 12,5, or write 12.5 (fix the cell, or leave it empty if the value is unknown)"])
    }

    func testUndecidableAndContradictoryDateOrdersStop() throws {
        let undecidable = try table("event_date,latitude,longitude\n03/04/2020,-5.2,22.2\n2020-12-31,-5.2,22.2\n05/06/2020,-5.2,22.2\n")
        XCTAssertThrowsError(try undecidable.makeLayer(pointSchema.withoutNumbers)) { e in
            XCTAssertEqual((e as? TargetingError)?.description, """
                t.csv:2: column 'event_date': the day/month order of dates such as '03/04/2020' cannot be decided: none of the 2 distinct dates written with numbers has a part above 12, so each could be read either way
                  hint: set date_format = "DD/MM/YYYY" or date_format = "MM/DD/YYYY" for this layer
                """)
        }
        var stated = pointSchema.withoutNumbers
        stated.dateFormat = .monthDayYear
        let r = try undecidable.makeLayer(stated)
        XCTAssertEqual(r.layer.features.map { $0.values[0] }, ["2020-03-04", "2020-12-31", "2020-05-06"].map { .date(ISODate(iso: $0)!) })
        XCTAssertTrue(r.formatNotes.isEmpty, "a stated format is not announced")

        let mixed = try table("event_date,latitude,longitude\n15/06/2020,-5.2,22.2\n12-31-2020,-5.2,22.2\n")
        XCTAssertThrowsError(try mixed.makeLayer(pointSchema.withoutNumbers)) { e in
            XCTAssertEqual((e as? TargetingError)?.description, """
                t.csv:3: column 'event_date' mixes day-first dates ('15/06/2020', line 2) and month-first dates ('12-31-2020', line 3): its day/month order cannot be decided
                  hint: write every date one way (YYYY-MM-DD is safest), or set date_format = "DD/MM/YYYY" or "MM/DD/YYYY" for this layer: dates not in that order are then reported row by row
                """)
        }
        stated.dateFormat = .dayMonthYear
        let dayFirst = try mixed.makeLayer(stated)
        XCTAssertEqual(dayFirst.rowsKept, 1)
        XCTAssertEqual(dayFirst.layer.diagnostics.map(\.description), [
            "t.csv:3: warning: row rejected: column 'event_date': '12-31-2020' is not a date (accepted: 2020-12-31, 20201231, 31 December 2020, 31/12/2020 (day first)) (write dates as YYYY-MM-DD, or set date_format for this layer)"])
    }

    func testMissingTokensKeepTheRowAndAreCounted() throws {
        let t = try table("""
            event_date,latitude,longitude,fatalities,admin2
            2020-12-30,-5.2,22.2,n/a,NA
            2020-12-31,-5.3,22.3, NA ,Demba
            ,-5.4,22.4,,Luiza
            -,-5.5,22.5,3,-
            2020-12-29,n/a,22.6,1,Dibaya

            """)
        let r = try t.makeLayer(pointSchema)
        // Every row but the one without a latitude is kept; its other columns still count.
        XCTAssertEqual(r.layer.features.map(\.location.line), [2, 3, 4, 5])
        XCTAssertEqual(r.layer.features.map { $0.values[3] }, [.null, .null, .null, .number(3)])
        XCTAssertEqual(r.layer.features.map { $0.values[0] }, [.date(ISODate(iso: "2020-12-30")!), .date(ISODate(iso: "2020-12-31")!), .null, .null])
        // Text columns keep their text: 'NA' and '-' may be real names or codes there.
        XCTAssertEqual(r.layer.features[0].values[4], .text("NA"))
        XCTAssertEqual(r.layer.diagnostics.map(\.description), [
            "t.csv:6: warning: row rejected: column 'latitude' (latitude) is marked missing ('n/a') (add the coordinates, or remove the row if its location is unknown)"])
        XCTAssertEqual(r.missingCells.map(\.description), [
            "column 'event_date': 2 missing (1 blank, 1 marked missing)",
            "column 'latitude': 1 missing (1 marked missing)",
            "column 'fatalities': 3 missing (1 blank, 2 marked missing)"])
        // The tokens are the layer's own when stated: '-' is then an unreadable date again.
        var own = pointSchema
        own.missing = ["n/a", "NA"]
        let stated = try t.makeLayer(own)
        XCTAssertEqual(stated.layer.diagnostics.map(\.location.line), [5, 6])
        XCTAssertEqual(stated.layer.diagnostics.first?.code, .badDate)
    }

    func testAmbiguousGroupingWithNoEvidenceIsRefusedByRow() throws {
        let t = try table("key,idps\nA,\"1,200\"\nB,2.500\nC,40\n")
        let r = try t.makeLayer(TableSchema(numbers: ["idps"]))
        XCTAssertEqual(r.layer.features.map { $0.values[1] }, [.number(40)])
        XCTAssertEqual(r.layer.diagnostics.map(\.code), [.badNumber, .badNumber])
        XCTAssertTrue(r.formatNotes.isEmpty)
    }
}

private extension TableSchema {
    var withoutNumbers: TableSchema { var s = self; s.numbers = []; return s }
}
