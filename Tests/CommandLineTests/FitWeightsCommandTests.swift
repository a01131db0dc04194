import Foundation
import XCTest

/// `fit_weights { … }` through the binary: the fitted model in weights_fit.csv and the run
/// manifest, and the bundled stability rules' "returns" option on the sample.
final class FitWeightsCommandTests: XCTestCase {
    func testPrincipalComponentWeightsAreWrittenAndRecorded() throws {
        let p = try ProjectCopy()
        // Two criteria: the correlation matrix [[1, r], [r, 1]] has eigenvectors (1, ±1)/√2, so the
        // first component's squared loadings are 0.5 and 0.5 whatever r is.
        try (UncertaintyCommandTests.twoCriteria + "fit_weights { method = \"principal_component\" }\n")
            .write(to: p.file("pc.lua"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["rank", "--project", p.manifest, "--rules", "pc.lua", "--out", "o", "--no-maps"], cwd: p.url)
        assertSucceeds(r, mentions: ["weights from the first principal component of the criteria: n = 4, ", "  conflict: weight 0.500", "  people: weight 0.500"])
        let csv = try String(contentsOf: p.file("o/weights_fit.csv"), encoding: .utf8).split(separator: "\n").map { $0.components(separatedBy: ",") }
        XCTAssertEqual(csv[0], ["method", "outcome", "term", "coefficient", "standard_error", "t_value", "criterion_mean", "criterion_sd", "weight", "n", "r_squared", "variance_explained"])
        XCTAssertEqual(csv.dropFirst().map { [$0[0], $0[2], $0[9]] }, [["principal_component", "conflict", "4"], ["principal_component", "people", "4"]])
        for row in csv.dropFirst() { XCTAssertEqual(Double(row[8]) ?? 0, 0.5, accuracy: 1e-12) }
        let manifest = try String(contentsOf: p.file("o/run_manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("fitted_weights"), manifest)
    }

    func testReturnsOptionOfTheStabilityRulesOnTheSampleSaysTheDataGoTheOtherWay() throws {
        // On the sample, returns follow the calm after the 2016–2017 crisis, and more returnees
        // per head go with higher livelihoods and social-cohesion scales (t ≈ 3.4 and 13.6, the
        // opposite of what instability weights need); the one scale with the asked-for sign,
        // security, has a slope of −0.0006 ± 0.0030 (t ≈ −0.18; numpy's lstsq on the criteria of
        // priority_list.csv and returnees/population of facts.csv agrees): all the weight would rest on noise, so the run stops.
        let root = TargetingBinary.packageRoot
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try String(contentsOf: root.appendingPathComponent("Scripts/stability.lua"), encoding: .utf8)
            .replacingOccurrences(of: "local weights_from = \"expert\"", with: "local weights_from = \"returns\"")
        try rules.write(to: folder.appendingPathComponent("returns.lua"), atomically: true, encoding: .utf8)
        let r = try runTargeting(["rank", "--project", root.appendingPathComponent("Shapefiles/kasai/targeting.toml").path,
                                  "--rules", folder.appendingPathComponent("returns.lua").path, "--out", folder.appendingPathComponent("o").path, "--no-maps", "--quiet"],
                                 cwd: folder)
        XCTAssertEqual(r.status, 2, r.output)
        XCTAssertTrue(r.stderr.contains("returns.lua:72: fit_weights: the only slopes that go with a lower returnees per head (security -0.0005565 ± 0.003021 per sd over 922 units) are within 2 standard errors of 0"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("o/priority_list.csv").path))
    }
}
