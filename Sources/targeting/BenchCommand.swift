import ArgumentParser
import Joins

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the joins on synthetic data (compare with Scripts/bench/bench_geopandas.py on the same data).",
        discussion: "Scales: sample (900 units × 30,000 points), medium (6,000 × 100,000), large (6,000 × 1,000,000 + 20,000 facilities). Build with -c release for meaningful figures.")

    @Option(help: "sample, medium or large.")
    var scale: String = "sample"

    func validate() throws {
        guard JoinBenchmark.Scale(rawValue: scale) != nil else {
            throw ValidationError("--scale must be one of: \(JoinBenchmark.Scale.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let report = try CommandErrors.report { try JoinBenchmark.run(scale: JoinBenchmark.Scale(rawValue: scale)!) }
        print(report.text)
    }
}
