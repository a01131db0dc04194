import XCTest
import Foundation
import Domain
@testable import Outputs

final class OutputsTests: XCTestCase {
    func testSHA256KnownVectors() {
        // FIPS 180-4 examples and `printf '' | sha256sum`.
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testCSVQuotesOnlyWhatNeedsIt() {
        var w = CSVWriter(header: ["id", "name"])
        w.appendRow([Value.text("CD9102001"), .text("Kasaï, \"centre\"")])
        w.appendRow([Value.number(2.5), .null])
        XCTAssertEqual(w.text, "id,name\nCD9102001,\"Kasaï, \"\"centre\"\"\"\n2.5,\n")
    }

    func testGeoJSONOrientsRingsAndEscapes() {
        var g = GeoJSONWriter()
        // A clockwise exterior must come out counter-clockwise (RFC 7946).
        let cw: Ring = [Coordinate(0, 0), Coordinate(0, 1), Coordinate(1, 1), Coordinate(1, 0), Coordinate(0, 0)]
        g.append(shape: .polygons([Polygon(exterior: cw)]), properties: [("name", .text("a\"b")), ("score", .number(1.5))])
        let text = g.finished()
        XCTAssertTrue(text.contains("\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]"), text)
        XCTAssertTrue(text.contains("\"name\":\"a\\\"b\",\"score\":1.5"), text)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)))
    }

    func testAtomicWriteReplacesWholeFileAndLeavesNoTemp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("list.csv").path
        try AtomicFile.write("old\n", to: path)
        try AtomicFile.write("new\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["list.csv"])
    }
}

final class FixedDecimalTests: XCTestCase {
    func testAgreesWithPrintfOnValuesWithoutTies() {
        // Values whose binary expansion is not a decimal tie round the same way as %.7f / %.1f.
        for x in [0.0, 1.5, -0.26, 22.4123456789, -6.13, 123.456, 0.00000004, -0.00000004, 1e-9, 25.0, -180.0] {
            XCTAssertEqual(FixedDecimal.format(x, places: 7), String(format: "%.7f", x).replacingOccurrences(of: "-0.0000000", with: "0.0000000"), "\(x)")
            XCTAssertEqual(FixedDecimal.format(x, places: 1), String(format: "%.1f", x).replacingOccurrences(of: "-0.0", with: "0.0"), "\(x)")
        }
        XCTAssertEqual(FixedDecimal.format(22.41, places: 7, trimZeros: true), "22.41")
        XCTAssertEqual(FixedDecimal.format(-6, places: 7, trimZeros: true), "-6")
        XCTAssertEqual(FixedDecimal.format(-0.00000001, places: 7, trimZeros: true), "0")
    }
}
