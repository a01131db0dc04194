import Foundation
import XCTest

/// Declarations the rules API refuses, through the built binary: `check` and `rank` stop with
/// exit 2 and one message at the script's line, never an internal error and never a default.
/// Scripts in Tests/Fixtures/declaration/ (line 3 holds the declaration at fault).
final class DeclarationCommandTests: XCTestCase {
    let root = TargetingBinary.packageRoot
    func script(_ name: String) -> String { "Tests/Fixtures/declaration/\(name).lua" }

    func assertRefused(_ name: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try runTargeting(["check", script(name)], cwd: root)
        XCTAssertEqual(r.status, 2, "\(name): \(r.output)", file: file, line: line)
        XCTAssertEqual(r.stderr, "error: \(script(name)):3: \(message)\n", name, file: file, line: line)
    }

    func testNumbersOutOfRangeAreErrorsAtTheirLine() throws {
        try assertRefused("top_2_63", "selection: top must be at most 9007199254740992 (got 9.2233720368548e+18)")
        try assertRefused("from_1e300", "dates move by at most 3652425 days (10,000 years) at a time (got 1e+300)")
    }

    func testAFractionWhereAWholeNumberIsNeededIsAnError() throws {
        try assertRefused("runs_fraction", "uncertainty: runs must be a whole number ≥ 0 (got 10.5)")
        try assertRefused("top_fraction", "selection: top must be a whole number ≥ 0 (got 2.5)")
    }

    func testAnUnknownMissingPolicyIsAnError() throws {
        try assertRefused("policy_unknown", "criterion other: missing must be \"exclude\", \"rescale\", \"parent_mean\" or a number (got parent_median)")
    }

    func testAnUnknownKeyIsAnErrorInEveryKindOfDeclaration() throws {
        let cases: [(String, String)] = [
            ("unknown_fact", "within: unknown option 'radius' (allowed: field, from, km, layer, to, where)"),
            ("unknown_indicator", "indicator y: unknown option 'wieght' (allowed: cap, direction, floor, invert, scale, title, transform, value, weight, winsorise)"),
            ("unknown_criterion", "criterion d: unknown option 'agregate' (allowed: aggregate, missing, shift, title, weight)"),
            ("unknown_score", "score: unknown option 'weight' (allowed: aggregate, missing, shift, title, weights)"),
            ("unknown_gate", "gate g: unknown option 'why' (allowed: eligible_if, reason)"),
            ("unknown_flag", "flag f: unknown option 'colour' (allowed: reason, when)"),
            ("unknown_include", "include: unknown option 'untill' (allowed: reason, when)"),
            ("unknown_exclude", "exclude: unknown option 'because' (allowed: reason, when)"),
            ("unknown_classes", "classes: unknown option 'labels' (allowed: breaks, method)"),
            ("unknown_selection", "selection: unknown option 'per_territoire' (allowed: at_least_per_parent, budget, cost, locked_in, locked_out, per, per_parent, top)"),
            ("unknown_fit_weights", "fit_weights: unknown option 'per_capita' (allowed: higher_is, method, outcome, per)"),
            ("unknown_uncertainty", "uncertainty: unknown option 'run' (allowed: aggregations, runs, scales, seed, weights, windows)"),
            ("unknown_weight_spread", "uncertainty: weights.all: unknown option 'mode' (allowed: high, low, sd)"),
        ]
        for (name, message) in cases { try assertRefused(name, message) }
    }

    /// `rank` reads the declaration the same way: the same message, and nothing written.
    func testRankStopsBeforeWriting() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("declaration-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        let r = try runTargeting(["rank", "--rules", script("top_2_63"), "--out", out.path, "--no-maps", "--quiet"], cwd: root)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertEqual(r.stderr, "error: \(script("top_2_63")):3: selection: top must be at most 9007199254740992 (got 9.2233720368548e+18)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "rank wrote outputs")
    }
}
