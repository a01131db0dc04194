import ArgumentParser
import Foundation
import TargetingKit

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks: the joins on synthetic data (compare with Scripts/bench/bench_geopandas.py on the same data), or rule evaluation per unit.",
        discussion: """
        `targeting bench --scale large` times the joins: sample (900 units × 30,000 points), medium \
        (6,000 × 100,000), large (6,000 × 1,000,000 + 20,000 facilities). \
        `targeting bench --rules Scripts/criteria.lua --units 100000` times loading the rules, evaluating \
        them for every unit (Lua included) and ranking, on synthetic facts. Build with -c release for \
        meaningful figures.
        """)

    @Option(help: "Join benchmark scale: sample, medium or large.")
    var scale: String = "sample"

    @Option(help: "Time this rules script instead of the joins.")
    var rules: String?

    @Option(parsing: .unconditional, help: "Number of synthetic units for the rules benchmark.")
    var units: Int = 6000

    func validate() throws {
        guard JoinBenchmark.Scale(rawValue: scale) != nil else {
            throw ValidationError("--scale must be one of: \(JoinBenchmark.Scale.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if units < 1 { throw ValidationError("--units must be at least 1") }
    }

    func run() throws {
        if let rules {
            print(try CommandErrors.report { try RulesBenchmark.run(script: rules, unitCount: units) }.text, terminator: "")
            return
        }
        let report = try CommandErrors.report { try JoinBenchmark.run(scale: JoinBenchmark.Scale(rawValue: scale)!) }
        print(report.text)
    }
}
