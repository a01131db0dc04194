import Foundation
import XCTest
import Domain
@testable import Rules

/// Paths and helpers shared by the rules tests.
enum Fixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func script(_ name: String) -> String { repoRoot.appendingPathComponent("Scripts/\(name)").path }
    static let asOf = ISODate(iso: "2020-12-31")!

    static func units(_ n: Int, parent: String = "CD9102") -> [RuleUnit] {
        (1...n).map { RuleUnit(id: UnitID("\(parent)\(String(format: "%03d", $0))"), name: "G\($0)", parent: UnitID(parent), population: 1000) }
    }

    /// Loads Lua text as a script named `Scripts/test.lua`.
    static func load(_ source: String, units: [RuleUnit] = units(3), limits: RulesLimits = RulesLimits(memoryBytes: 32 << 20, instructions: 5_000_000)) throws -> RulesProgram {
        try RulesEngine.load(source: source, chunkname: "Scripts/test.lua", asOf: asOf, units: units, limits: limits)
    }

    /// The error a throwing call produces, as text (fails the test when nothing is thrown).
    static func errorText(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error", file: file, line: line)
        return ""
    }
}
