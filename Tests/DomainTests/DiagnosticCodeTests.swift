import XCTest
import Domain

/// The registry of diagnostic codes against its documentation and its use: the table in
/// Scripts/METHOD.md lists every code with its meaning, in the enum's order, and every code is
/// reported by some part of the program (a code nobody reports is a documented promise broken).
final class DiagnosticCodeTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The rows of the "Diagnostic codes" table of Scripts/METHOD.md: (code, meaning).
    func documentedCodes() throws -> [(code: String, meaning: String)] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Scripts/METHOD.md"), encoding: .utf8)
        let section = try XCTUnwrap(text.components(separatedBy: "\n## Diagnostic codes\n").dropFirst().first,
                                    "Scripts/METHOD.md has no '## Diagnostic codes' section")
        let body = section.components(separatedBy: "\n## ").first ?? section
        return body.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            return (String(cells[0].dropFirst().dropLast()), cells.dropFirst().joined(separator: " | ").replacingOccurrences(of: "\\|", with: "|"))
        }
    }

    func testMethodTableListsEveryCodeWithItsMeaning() throws {
        let documented = try documentedCodes()
        let expected = DiagnosticCode.allCases.map { "| `\($0.rawValue)` | \($0.meaning.replacingOccurrences(of: "|", with: "\\|")) |" }
        XCTAssertEqual(documented.map(\.code), DiagnosticCode.allCases.map(\.rawValue),
                       "Scripts/METHOD.md's table of codes differs from DiagnosticCode; its rows should read:\n" + expected.joined(separator: "\n"))
        for (row, code) in zip(documented, DiagnosticCode.allCases) where row.code == code.rawValue {
            XCTAssertEqual(row.meaning, code.meaning, "meaning of \(code) in Scripts/METHOD.md")
        }
        // Every documented code exists: a code spelled in the table that no case spells is caught above
        // (the lists differ); one spelled twice too.
        XCTAssertEqual(Set(documented.map(\.code)).count, documented.count, "a code is listed twice")
    }

    func testSpellingsAreStableAndWrittenAsTheyAlwaysWere() {
        // The spelling, not the Swift name, is what every output writes.
        XCTAssertEqual("\(DiagnosticCode.outsideUnits)", "outside-units")
        XCTAssertEqual(DiagnosticCode.ruleErrorExcludedUnit.description, "rule-error-excluded-unit")
        XCTAssertEqual(DiagnosticCode(rawValue: "bad-hxl-tag"), .badHXLTag)
        // Reports sort codes by spelling, not by the order the enum declares them in.
        XCTAssertEqual([DiagnosticCode.zmDropped, .badValue, .badCoordinate].sorted(), [.badCoordinate, .badValue, .zmDropped])
        for code in DiagnosticCode.allCases {
            XCTAssertNotNil(code.rawValue.range(of: "^[a-z]+(-[a-z]+)*$", options: .regularExpression), "\(code.rawValue) is not lower-case-with-hyphens")
            XCTAssertFalse(code.meaning.isEmpty)
        }
    }

    /// Every code is reported somewhere in Sources (as `.name` at a call site): a case no module
    /// uses would be a documented warning that never comes.
    func testEveryCodeIsReportedBySomeModule() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        var text = ""
        let files = try XCTUnwrap(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let url as URL in files where url.pathExtension == "swift" && url.lastPathComponent != "DiagnosticCode.swift" {
            text += try String(contentsOf: url, encoding: .utf8)
        }
        for code in DiagnosticCode.allCases {
            let name = caseName(code)
            XCTAssertNotNil(text.range(of: "." + name + "\\b", options: .regularExpression), "no module reports \(code.rawValue) (.\(name))")
        }
    }

    /// The Swift name of a case, read from DiagnosticCode.swift (its description is the spelling).
    func caseName(_ code: DiagnosticCode) -> String {
        let source = (try? String(contentsOf: Self.root.appendingPathComponent("Sources/Domain/DiagnosticCode.swift"), encoding: .utf8)) ?? ""
        guard let line = source.split(separator: "\n").first(where: { $0.contains("= \"\(code.rawValue)\"") && $0.contains("case ") }) else { return "?" }
        return line.components(separatedBy: "case ").last?.components(separatedBy: " =").first ?? "?"
    }
}
