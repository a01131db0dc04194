import XCTest
import Domain
@testable import Joins

/// Table join report cases, each worked out by hand: code (case and spaces), names with accents
/// and hyphens within the parent, homonyms in different parents, an ambiguous name, unmatched
/// names with their nearest candidates, and codes that name no unit.
final class TableJoinTests: XCTestCase {
    func units() throws -> UnitSet {
        let rows: [(String, String, String)] = [
            ("CD9102001", "Bena Tshiadi", "CD9102"),
            ("CD9102002", "Kasaï-Lukula", "CD9102"),
            ("CD9102003", "Mutefu", "CD9102"),
            ("CD9104001", "Mutefu", "CD9104"),       // homonym in another territoire
            ("CD9104002", "Bakwa Kalonji", "CD9104"),
            ("CD9104003", "Bakwa-Kalonji", "CD9104"), // two units whose names fold to the same key
        ]
        return try UnitSet(ids: rows.map { UnitID($0.0) }, names: rows.map(\.1), parents: rows.map { UnitID($0.2) },
                           polygons: rows.map { _ in [] }, population: rows.map { _ in nil })
    }

    func table(_ rows: [(String?, String?, String?)]) -> Layer {
        func v(_ s: String?) -> Value { s.map(Value.text) ?? .null }
        return Layer(path: "dtm.csv", fields: ["pcode", "name", "parent"].map { FieldSchema(name: $0, type: .text) },
                     features: rows.enumerated().map { Feature(location: SourceLocation(file: "dtm.csv", line: $0.offset + 3), shape: nil,
                                                               values: [v($0.element.0), v($0.element.1), v($0.element.2)]) })
    }

    func testReportCases() throws {
        let layer = table([
            (" cd9102001 ", "whatever", "CD9102"),     // 3: code, trimmed and upper-cased
            (nil, "KASAI LUKULA", "CD9102"),           // 4: name without accent or hyphen
            (nil, "kasaï–lukula", "cd9102"),           // 5: en dash, lower-case parent
            (nil, "Mutefu", "CD9104"),                 // 6: homonym resolved by parent
            (nil, "Bakwa Kalonji", "CD9104"),          // 7: ambiguous within the parent
            (nil, "Bena Tshiyadi", "CD9102"),          // 8: unmatched, near Bena Tshiadi
            ("CD9199001", "Mutefu", "CD9102"),         // 9: unknown code, then name
            ("CD9199002", nil, nil),                   // 10: unknown code, no name
            (nil, "Mutefu", nil),                      // 11: no parent: not matched by name
            (nil, "Kasai Lukla", "CD9999"),            // 12: parent unknown: candidates among all
            (nil, nil, nil),                           // 13: nothing to join on
        ])
        let r = try TableJoin.join(layer, keys: TableKeyFields(codeField: "pcode", nameField: "name", parentField: "parent"), to: units())
        XCTAssertEqual(r.unitOfRow, [0, 1, 1, 3, -1, -1, 2, -1, -1, -1, -1])
        let rep = r.report
        XCTAssertEqual(rep.rowCount, 11)
        XCTAssertEqual(rep.matchedByCode.map(\.location), ["dtm.csv:3"])
        XCTAssertEqual(rep.matchedByName.map(\.unit), ["CD9102002", "CD9102002", "CD9104001", "CD9102003"])
        XCTAssertEqual(rep.ambiguous, [JoinReport.Ambiguous(location: "dtm.csv:7", name: "Bakwa Kalonji", parent: "CD9104",
                                                           candidates: ["CD9104002", "CD9104003"])])
        XCTAssertEqual(rep.unknownCodes.map(\.code), ["CD9199001", "CD9199002"])
        XCTAssertEqual(rep.unknownCodes.map(\.resolvedByName), ["CD9102003", nil])
        XCTAssertEqual(rep.unmatched.map(\.location), ["dtm.csv:8", "dtm.csv:10", "dtm.csv:11", "dtm.csv:12", "dtm.csv:13"])
        // "bena tshiyadi" → "bena tshiadi" is one deletion; the other units of CD9102 are further.
        let bena = rep.unmatched[0]
        XCTAssertEqual(bena.candidatesScope, "in CD9102")
        XCTAssertEqual(bena.candidates.first, JoinReport.Candidate(unit: "CD9102001", name: "Bena Tshiadi", editDistance: 1))
        XCTAssertEqual(bena.candidates.count, 3)
        XCTAssertEqual(Set(bena.candidates.map(\.unit)), ["CD9102001", "CD9102002", "CD9102003"])
        // No parent field value: the two Mutefu units are the nearest, among all units.
        XCTAssertEqual(rep.unmatched[2].candidatesScope, "among all units")
        XCTAssertEqual(rep.unmatched[2].candidates.prefix(2).map(\.unit), ["CD9102003", "CD9104001"])
        XCTAssertEqual(rep.unmatched[2].candidates.prefix(2).map(\.editDistance), [0, 0])
        // "kasai lukla" → "kasai lukula" is one insertion, found outside the unknown parent.
        XCTAssertEqual(rep.unmatched[3].candidatesScope, "among all units")
        XCTAssertEqual(rep.unmatched[3].candidates.first?.unit, "CD9102002")
        XCTAssertEqual(rep.unmatched[3].candidates.first?.editDistance, 1)
        XCTAssertEqual(rep.unmatched[4].candidates, [])

        // The report round-trips through JSON and renders every problem row as text.
        let data = try JSONEncoder().encode(rep)
        XCTAssertEqual(try JSONDecoder().decode(JoinReport.self, from: data), rep)
        let text = rep.text
        for needle in ["matched by p-code: 1", "ambiguous: 1", "unmatched: 5", "dtm.csv:7", "CD9104002, CD9104003",
                       "dtm.csv:9: CD9199001 (matched by name to CD9102003)", "Bena Tshiadi (1)"] {
            XCTAssertTrue(text.contains(needle), "missing \(needle) in\n\(text)")
        }
    }

    func testMissingFieldsAreClearErrors() throws {
        let layer = table([("CD9102001", nil, nil)])
        XCTAssertThrowsError(try TableJoin.join(layer, keys: TableKeyFields(codeField: "adm3_pcode", nameField: nil, parentField: nil), to: units())) {
            XCTAssertTrue("\($0)".contains("pcode, name, parent"), "\($0)")
        }
        XCTAssertThrowsError(try TableJoin.join(layer, keys: TableKeyFields(codeField: nil, nameField: nil, parentField: "parent"), to: units()))
    }
}

import Foundation
