import ArgumentParser
import Foundation
import Domain
import Joins
import Ranking
import Rules
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
            try CommandErrors.report { try RulesBenchmark.run(script: rules, unitCount: units) }
            return
        }
        let report = try CommandErrors.report { try JoinBenchmark.run(scale: JoinBenchmark.Scale(rawValue: scale)!) }
        print(report.text)
    }
}

/// Rule evaluation cost per unit: synthetic units with deterministic pseudo-random facts, the
/// whole path of a run after the joins (load, per-unit Lua, rank).
enum RulesBenchmark {
    static func run(script: String, unitCount: Int) throws {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double {  // SplitMix64, so every run sees the same facts
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var units: [RuleUnit] = []
        for i in 0..<unitCount {
            let parent: String = String(format: "CD%02d%02d", 80 + i % 13, i % 9)
            let population: Double = 2_000 + next() * 50_000
            units.append(RuleUnit(id: UnitID(parent + String(format: "%05d", i)), name: "Unit \(i)",
                                  parent: UnitID(parent), population: population))
        }
        let asOf = ISODate(iso: "2020-12-31")!
        let t0 = Date()
        // The clock is the one bound that depends on the machine: a measurement under valgrind or on
        // a loaded machine must not be stopped by it (the instruction budget and memory cap stay).
        var limits = RulesLimits.scaled(forUnits: unitCount)
        limits.seconds = 3600
        let program = try RulesEngine.load(scriptPath: script, asOf: asOf, units: units, limits: limits)
        let t1 = Date()
        var cache: [String: [Double?]] = [:]
        for spec in program.facts { cache[spec.name] = units.map { _ in (next() * 40).rounded() } }
        let t2 = Date()
        let luaBefore = program.secondsInLua
        let input = try program.evaluate { cache[$0.name] ?? [] }
        let luaSeconds = program.secondsInLua - luaBefore
        let t3 = Date()
        let result = try Ranker.rank(input)
        let t4 = Date()
        func ms(_ a: Date, _ b: Date) -> String { String(format: "%.1f ms", b.timeIntervalSince(a) * 1000) }
        print("rules \(script) on \(unitCount) synthetic units (\(program.facts.count) facts, \(program.method.score.indicators.count) indicators)")
        print("  load script            \(ms(t0, t1))")
        print("  evaluate per unit (Lua) \(ms(t2, t3))  = \(String(format: "%.2f", t3.timeIntervalSince(t2) * 1e6 / Double(unitCount))) µs per unit")
        print("    of which inside Lua  \(String(format: "%.1f ms", luaSeconds * 1000))  = \(String(format: "%.2f", luaSeconds * 1e6 / Double(unitCount))) µs per unit")
        print("  rank and select        \(ms(t3, t4))  = \(String(format: "%.2f", t4.timeIntervalSince(t3) * 1e6 / Double(unitCount))) µs per unit")
        print("  Lua instructions \(program.instructionsUsed), peak Lua memory \(program.memoryPeakBytes / 1024) KiB, ranked \(result.units.filter { $0.rank != nil }.count)")
    }
}
