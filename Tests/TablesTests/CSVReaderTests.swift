import XCTest
@testable import Tables
import Domain

final class CSVReaderTests: XCTestCase {
    // dtm_bom_hxl.csv: BOM, CRLF, an HXL row on line 2, a quoted comma on line 3, a quoted line
    // break inside the record that starts on line 4 (so the next record starts on line 6), doubled
    // quotes on line 6, a ragged row on line 8. Field contents checked against Python's csv module.
    func testBOMHashtagRowQuotesAndLineNumbers() throws {
        let t = try CSVReader.read(path: Fixture.path("dtm_bom_hxl.csv"))
        XCTAssertEqual(t.encoding.encoding, .utf8)
        XCTAssertEqual(t.encoding.source, .byteOrderMark)
        XCTAssertEqual(t.header, ["adm1_name", "adm2_pcode", "village", "idps", "returnees", "date_reported"])
        XCTAssertEqual(t.hashtagRowLine, 2)
        XCTAssertEqual(t.tags.map { $0?.description }, ["#adm1+name", "#adm2+pcode", "#loc+name",
                                                        "#affected+idps+ind", "#affected+ind+returnees", "#date+reported"]) // attributes in canonical (sorted) order
        XCTAssertEqual(t.rowCount, 5)
        XCTAssertEqual((0..<t.rowCount).map { t.line(ofRow: $0) }, [3, 4, 6, 7, 9])
        XCTAssertEqual(t.cell(row: 0, column: 0), "Kasaï-Central")
        XCTAssertEqual(t.cell(row: 0, column: 2), "Tshibala, centre")
        XCTAssertEqual(t.cell(row: 1, column: 2), "Kamako\n(frontière)")
        XCTAssertEqual(t.cell(row: 1, column: 4), "1,200")
        XCTAssertEqual(t.cell(row: 2, column: 2), "Dit \"Le Port\"")
        XCTAssertEqual(t.cell(row: 2, column: 3), "")
        XCTAssertEqual(t.row(4), ["Kasaï", "CD9205", "Mapangu", "7", "2", "31/12/2020"])
        XCTAssertEqual(t.rejectedRowCount, 1)
        XCTAssertEqual(t.diagnostics.count, 1)
        let ragged = try XCTUnwrap(t.diagnostics.first)
        XCTAssertEqual(ragged.code, .raggedRow)
        XCTAssertEqual(ragged.location.line, 8)
        XCTAssertTrue(ragged.message.contains("5 fields, the header has 6"), ragged.message)
        XCTAssertTrue(ragged.description.hasSuffix("dtm_bom_hxl.csv:8: warning: " + ragged.message + " (" + (ragged.hint ?? "") + ")"))
    }

    /// A table of more than a megabyte is mapped rather than read (`FileBytes`): the same table,
    /// cell for cell and row for row, as its bytes parsed from memory; quoted cells, a ragged row
    /// and a hashtag row included.
    func testAMappedTableIsTheTableOfItsBytes() throws {
        var text = "name,lon,lat,note\n#loc+name,#geo+lon,#geo+lat,\n"
        var k = 0
        while text.utf8.count < FileBytes.mappingThreshold + 50_000 {
            text += k % 997 == 5 ? "ragged,\(k)\n" : "\"site \(k), \"\"quoted\"\"\",\(Double(k) / 1_000),\(-Double(k) / 3_000),n\(k % 7)\n"
            k += 1
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapped = try CSVReader.read(path: url.path)
        let parsed = try CSVReader.parse(bytes: Array(text.utf8), path: url.path)
        XCTAssertTrue(mapped.sourceBytes.isMapped)
        XCTAssertFalse(parsed.sourceBytes.isMapped)
        XCTAssertEqual(mapped.header, parsed.header)
        XCTAssertEqual(mapped.tags, parsed.tags)
        XCTAssertEqual(mapped.rowCount, parsed.rowCount)
        XCTAssertEqual(mapped.rejectedRowCount, parsed.rejectedRowCount)
        XCTAssertGreaterThan(mapped.rejectedRowCount, 0)
        XCTAssertEqual(mapped.diagnostics, parsed.diagnostics)
        for r in 0 ..< mapped.rowCount {
            XCTAssertEqual(mapped.row(r), parsed.row(r), "row \(r)")
            XCTAssertEqual(mapped.line(ofRow: r), parsed.line(ofRow: r))
        }
        XCTAssertEqual(mapped.row(0), ["site 0, \"quoted\"", "0.0", "-0.0", "n0"])
        let schema = TableSchema(longitude: "lon", latitude: "lat")
        XCTAssertEqual(try mapped.makeLayer(schema).layer.features.map(\.shape), try parsed.makeLayer(schema).layer.features.map(\.shape))
        XCTAssertNoThrow(try mapped.sourceBytes.verifyUnchanged())
    }

    /// A mapped table another program writes to while it is parsed: the failure its bytes cause
    /// (here a zero byte: "binary data") is reported as the change it is.
    func testAMappedTableChangedUnderTheParseIsReportedAsChanged() throws {
        let text = "a,b\n" + String(repeating: "1,2\n", count: FileBytes.mappingThreshold / 4 + 10)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("changed-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = try InputFile.bytes(path: url.path, role: "CSV table", limit: 1 << 30)
        XCTAssertTrue(bytes.isMapped)
        XCTAssertNil(bytes.changeError())
        usleep(20_000)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: 500)
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        XCTAssertEqual(bytes[500], 0, "the mapping shows the change")
        XCTAssertThrowsError(try CSVReader.parse(bytes: bytes, path: url.path)) { e in
            XCTAssertEqual((e as? TargetingError)?.message, "the CSV table changed while it was read (another program wrote to it)")
        }
        // The same bytes copied (nothing to compare with) give the parse's own error.
        XCTAssertThrowsError(try CSVReader.parse(bytes: Array(bytes), path: url.path)) { e in
            XCTAssertTrue((e as? TargetingError)?.message.hasPrefix("not a CSV table: the file holds binary data") == true, "\(e)")
        }
    }

    func testLatin1IsDetectedAndDecoded() throws {
        let t = try CSVReader.read(path: Fixture.path("latin1_semicolon.csv"), options: CSVOptions(delimiter: UInt8(ascii: ";")))
        XCTAssertEqual(t.encoding.encoding, .table(.cp1252))
        XCTAssertEqual(t.encoding.source, .detected(.notUTF8(byte: 0xEF, line: 2)))
        XCTAssertTrue(t.encoding.source.description.contains("not valid UTF-8 (byte 0xEF at line 2)"), t.encoding.source.description)
        XCTAssertEqual(t.cell(row: 0, column: 0), "Kasaï")
        XCTAssertEqual(t.cell(row: 1, column: 0), "Kasaï-Central")
        XCTAssertEqual(NameKey(t.cell(row: 1, column: 0)), NameKey("Kasai-Central"))
        XCTAssertEqual(t.cell(row: 0, column: 1), "2978000")
    }

    func testExplicitEncodingWinsAndBadUTF8IsReported() throws {
        let bytes: [UInt8] = Array("nom\nKasa".utf8) + [0xEF] + [10]
        let latin = try CSVReader.parse(bytes: bytes, path: "x.csv", options: CSVOptions(encoding: .table(.latin1)))
        XCTAssertEqual(latin.encoding.source, .stated)
        XCTAssertEqual(latin.cell(row: 0, column: 0), "Kasaï")
        XCTAssertThrowsError(try CSVReader.parse(bytes: bytes, path: "x.csv", options: CSVOptions(encoding: .utf8))) { e in
            let err = e as? TargetingError
            XCTAssertEqual(err?.location?.line, 2)
            XCTAssertTrue(err?.message.contains("not valid UTF-8 (byte 0xEF at line 2)") ?? false, "\(e)")
        }
    }

    func testWrongDelimiterIsExplained() {
        // The ';' file read with the default ','.
        XCTAssertThrowsError(try CSVReader.read(path: Fixture.path("latin1_semicolon.csv"))) { e in
            let err = e as? TargetingError
            XCTAssertEqual(err?.location?.line, 1)
            XCTAssertTrue(err?.message.contains("looks like ';'-separated") ?? false, "\(e)")
            XCTAssertEqual(err?.hint, "set delimiter = \";\" for this layer")
        }
        XCTAssertThrowsError(try CSVReader.read(path: Fixture.path("tabs.csv"))) { e in
            XCTAssertEqual((e as? TargetingError)?.hint, "set delimiter = \"\\t\" for this layer")
        }
        // And read right once told.
        XCTAssertEqual(try CSVReader.read(path: Fixture.path("tabs.csv"), options: CSVOptions(delimiter: 9)).row(0), ["DRC1", "2020-08-15", "3"])
    }

    func testUnterminatedQuoteAtEndOfFileIsAnError() {
        XCTAssertThrowsError(try CSVReader.read(path: Fixture.path("unterminated.csv"))) { e in
            let err = e as? TargetingError
            XCTAssertEqual(err?.location?.line, 3)
            XCTAssertTrue(err?.message.contains("opened on line 3") ?? false, "\(e)")
            XCTAssertTrue(err?.description.hasPrefix(Fixture.path("unterminated.csv") + ":3: ") ?? false, "\(e)")
        }
    }

    func testRaggedRowsAreCountedNotDropped() throws {
        let text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n\"x\ny\",1\n13,14,15\n"
        let t = try CSVReader.parse(bytes: Array(text.utf8), path: "r.csv")
        XCTAssertEqual((0..<t.rowCount).map { t.line(ofRow: $0) }, [2, 5, 8])
        XCTAssertEqual(t.row(1), ["10", "11", "12"], "trailing empty fields beyond the header carry no data")
        XCTAssertEqual(t.rejectedRowCount, 3)
        XCTAssertEqual(t.diagnostics.map(\.location.line), [3, 4, 6])
        XCTAssertEqual(t.diagnostics.map(\.code), [.raggedRow, .raggedRow, .raggedRow])
        XCTAssertTrue(t.diagnostics[1].message.contains("4 fields, the header has 3"))
        XCTAssertTrue(t.diagnostics[2].message.contains("from line 6 to line 7"), t.diagnostics[2].message)
    }

    func testTextAfterClosingQuoteRejectsTheRow() throws {
        let t = try CSVReader.parse(bytes: Array("a,b\n\"x\"y,1\n2,3\n".utf8), path: "q.csv")
        XCTAssertEqual(t.rowCount, 1)
        XCTAssertEqual(t.diagnostics.first?.code, .badQuote)
        XCTAssertEqual(t.diagnostics.first?.location.line, 2)
    }

    func testCRLFLFAndNoFinalNewlineAndBlankLines() throws {
        let t = try CSVReader.parse(bytes: Array("a,b\r\n1,2\n\n3,\r\n\r\n\"4\",\"\"".utf8), path: "m.csv")
        XCTAssertEqual((0..<t.rowCount).map { t.line(ofRow: $0) }, [2, 4, 6])
        XCTAssertEqual(t.row(1), ["3", ""])
        XCTAssertEqual(t.row(2), ["4", ""])
        XCTAssertEqual(t.blankLineCount, 2)
    }

    func testSizeGuardAndUTF16AndEmpty() {
        XCTAssertThrowsError(try CSVReader.read(path: Fixture.path("acled_points.csv"), options: CSVOptions(maxBytes: 100))) { e in
            XCTAssertTrue((e as? TargetingError)?.message.contains("more than the limit of 100 bytes") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try CSVReader.parse(bytes: [0xFF, 0xFE, 0x61, 0], path: "u.csv")) { e in
            XCTAssertTrue((e as? TargetingError)?.message.contains("UTF-16") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try CSVReader.parse(bytes: [], path: "e.csv")) { e in
            XCTAssertTrue((e as? TargetingError)?.message.contains("empty") ?? false, "\(e)")
        }
        XCTAssertThrowsError(try CSVReader.read(path: Fixture.path("no_such_file.csv"))) { e in
            XCTAssertEqual((e as? TargetingError)?.message, "file not found", "\(e)")
        }
    }

    func testShortHashtagRowAndNonTagCells() throws {
        let t = try CSVReader.parse(bytes: Array("a,b,c\n#adm1+name,oops\nx,y,z\n".utf8), path: "s.csv")
        XCTAssertEqual(t.hashtagRowLine, nil, "one tag against one non-tag cell is not a hashtag row")
        let u = try CSVReader.parse(bytes: Array("a,b,c,d\n#adm1+name,#adm1+code,oops\nx,y,z,w\n".utf8), path: "s.csv")
        XCTAssertEqual(u.hashtagRowLine, 2)
        XCTAssertEqual(u.tags.map { $0?.description }, ["#adm1+name", "#adm1+pcode", nil, nil])
        XCTAssertEqual(u.diagnostics.map(\.code), [.badHXLTag])
        XCTAssertEqual(u.diagnostics.first?.location.line, 2)
        XCTAssertEqual(u.rowCount, 1)
        XCTAssertEqual(u.line(ofRow: 0), 3)
    }

    func testPlainRowIsNotMistakenForHashtagRow() throws {
        let t = try CSVReader.parse(bytes: Array("name,code\n#1 school,CD91\n".utf8), path: "h.csv")
        XCTAssertNil(t.hashtagRowLine)
        XCTAssertEqual(t.rowCount, 1)
    }
}

/// Independent check: crosscheck.csv (300 rows of random quotes, commas, line breaks, tabs, `;`,
/// `#`, accents and €) must read exactly as Python's csv module reads it, line numbers included.
/// Both files come from make_crosscheck.py beside them.
final class CSVCrossCheckTests: XCTestCase {
    struct Expected: Decodable { let line: Int; let cells: [String] }

    func check(_ file: String, encoding: TextEncoding) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("crosscheck.expected.json")))
        let expected = try JSONDecoder().decode([Expected].self, from: data)
        let t = try CSVReader.read(path: Fixture.path(file))
        XCTAssertEqual(t.encoding.encoding, .table(encoding))
        XCTAssertEqual(t.header, expected[0].cells)
        XCTAssertNil(t.hashtagRowLine)
        XCTAssertEqual(t.rejectedRowCount, 0)
        XCTAssertEqual(t.rowCount, expected.count - 1)
        for (r, e) in expected.dropFirst().enumerated() where r < t.rowCount {
            XCTAssertEqual(t.line(ofRow: r), e.line, "row \(r)")
            XCTAssertEqual(t.row(r), e.cells, "row \(r) at line \(e.line)")
        }
    }

    func testUTF8MatchesPythonCSV() throws { try check("crosscheck.csv", encoding: .utf8) }
    func testCP1252MatchesPythonCSV() throws { try check("crosscheck_cp1252.csv", encoding: .cp1252) }
}
