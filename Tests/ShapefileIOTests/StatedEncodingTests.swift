import XCTest
import Foundation
import Domain
@testable import ShapefileIO

/// The manifest's `encoding` is over the `.cpg`: a shapefile whose .cpg says CP1251 (written by
/// GDAL, Tests/Fixtures/gdal/odd) read as stated CP1252 gives what Python's
/// `"Киев".encode("cp1251").decode("cp1252")` gives, and says the code page was set explicitly.
final class StatedEncodingTests: XCTestCase {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gdal/odd/cp1251.shp").path

    func names(_ result: ShapefileReadResult) throws -> [String] {
        let field = try XCTUnwrap(result.layer.fieldIndex("name"))
        return result.layer.features.prefix(2).map { $0.values[field].text ?? "" }
    }

    func testTheStatedCodePageIsOverTheCPG() throws {
        let byCPG = try ShapefileReader().read(path: path)
        XCTAssertEqual(try names(byCPG), ["Киев", "Касаи"])
        XCTAssertEqual(byCPG.report.encoding, "CP1251")
        XCTAssertEqual(byCPG.report.encodingSource, .cpgFile)
        var reader = ShapefileReader()
        reader.encoding = CodePage(codePageName: "CP1252")
        let stated = try reader.read(path: path)
        XCTAssertEqual(try names(stated), ["Êèåâ", "Êàñàè"])
        XCTAssertEqual(stated.report.encoding, "CP1252")
        XCTAssertEqual(stated.report.encodingSource, .stated)
    }

    /// The language driver ids, from one table: ours where we carry the code page, iconv's
    /// otherwise (0x64 is 852, not 850; 0x57, "the current ANSI code page", is read as 1252).
    func testLanguageDriverIDs() {
        XCTAssertEqual(EncodingChoice.codePage(ldid: 0x57), .table(.cp1252))
        XCTAssertEqual(EncodingChoice.codePage(ldid: 0x03), .table(.cp1252))
        XCTAssertEqual(EncodingChoice.codePage(ldid: 0xC9), .table(.cp1251))
        XCTAssertEqual(EncodingChoice.codePage(ldid: 0x64)?.name, "CP852")
        XCTAssertEqual(EncodingChoice.codePage(ldid: 0x4D)?.name, "CP936")
        XCTAssertEqual(EncodingChoice.codePage(ldid: 0x4D)?.decode([0xB1, 0xB1, 0xBE, 0xA9]), "北京")
        XCTAssertNil(EncodingChoice.codePage(ldid: 0xFE))
    }
}
