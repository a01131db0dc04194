import XCTest
import Foundation
import Domain
@testable import Tables

/// CSV files in code pages our own tables do not carry (GBK/CP936) and in one they do (CP1251),
/// read with `encoding` set as a manifest writes it. The expected cells are Python's decoding of
/// the same bytes (Tests/Fixtures/world/encodings/make_encodings.py → expected.json).
final class CodePageCSVTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/world/encodings")

    func expected(_ file: String) throws -> [[String]] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("expected.json"))
        return try XCTUnwrap(try JSONDecoder().decode([String: [[String]]].self, from: data)[file])
    }

    func read(_ file: String, encoding: String) throws -> Table {
        let page = try XCTUnwrap(CodePage(codePageName: encoding), encoding)
        return try CSVReader.read(path: Self.folder.appendingPathComponent(file).path, options: CSVOptions(encoding: page))
    }

    func testCodePagesByAnyOfTheirNames() throws {
        for (file, names, reported) in [("idps_cp1251.csv", ["CP1251", "1251", "windows-1251", "ANSI 1251"], "CP1251"),
                                        ("idps_cp936.csv", ["CP936", "936", "GBK", "ANSI 936"], nil)] {
            let want = try expected(file)
            for name in names {
                let t = try read(file, encoding: name)
                XCTAssertEqual([t.header] + (0..<t.rowCount).map(t.row), want, "\(file) read as \(name)")
                XCTAssertEqual(t.encoding.source, .stated)
                if let reported { XCTAssertEqual(t.encoding.encoding.name, reported) }
            }
        }
    }

    func testBytesTheCodePageCannotDecodeAreRefusedWithTheirLine() throws {
        XCTAssertThrowsError(try read("bad_cp936.csv", encoding: "CP936")) { e in
            XCTAssertEqual((e as? TargetingError)?.description.replacingOccurrences(of: Self.folder.path + "/", with: ""), """
                bad_cp936.csv:3: encoding = "CP936" was set but line 3 is not valid CP936
                  hint: check the code page the file was saved in (`file -i` or a text editor tells), or re-save it as UTF-8
                """)
        }
    }
}
