import XCTest
import Domain
import ShapefileIO

/// Shapefiles written by GDAL in code pages our own tables do not carry: decoded through the
/// system's iconv from the `.cpg` or from the DBF language driver id. The expected names are the
/// ones make_gdal.py gave GDAL to encode.
final class CodePageTests: XCTestCase {
    func names(_ relative: String) throws -> (names: [String?], encoding: String?, source: EncodingSource?) {
        let r = try ShapefileReader().read(path: GDALFixtures.path(relative))
        let i = try XCTUnwrap(r.layer.fieldIndex("name"))
        return (r.layer.features.map { $0.values[i].text }, r.report.encoding, r.report.encodingSource)
    }

    func testGBKFromTheCPG() throws {
        let r = try names("odd/cp936.shp")
        XCTAssertEqual(r.names, ["北京", "卡赛"])
        XCTAssertEqual(r.encoding, "CP936")
        XCTAssertEqual(r.source, .cpgFile)
    }

    func testBig5FromTheCPG() throws {
        XCTAssertEqual(try names("odd/cp950.shp").names, ["臺北", "開賽"])
    }

    func testCyrillicFromTheCPGStillByOurTable() throws {
        let r = try names("odd/cp1251.shp")
        XCTAssertEqual(r.names, ["Киев", "Касаи"])
        XCTAssertEqual(r.encoding, "CP1251")
    }

    func testGBKFromTheLanguageDriverID() throws {
        let r = try names("odd/ldid/cp936.shp")
        XCTAssertEqual(r.names, ["北京", "卡赛"])
        XCTAssertEqual(r.encoding, "CP936")
        XCTAssertEqual(r.source, .languageDriver)
    }

    func testIconvNamesFromCPGSpellings() {
        XCTAssertEqual(IconvCodePage(codePageName: "936")?.name, "CP936")
        XCTAssertEqual(IconvCodePage(codePageName: "ANSI 950")?.name, "CP950")
        XCTAssertEqual(IconvCodePage(codePageName: "gbk")?.name, "GBK")
        XCTAssertNil(IconvCodePage(codePageName: "no such page"))
        XCTAssertNil(IconvCodePage(codePageName: "99999"))
        // Bytes that are not GBK (a lead byte with nothing after it) are refused, not guessed.
        XCTAssertNil(IconvCodePage(codePageName: "936")?.decode([0x41, 0xB1]))
        XCTAssertEqual(IconvCodePage(codePageName: "936")?.decode([0xB1, 0xB1, 0xBE, 0xA9]), "北京")
    }
}
