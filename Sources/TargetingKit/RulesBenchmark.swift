import Foundation
import Domain
import Ranking
import Rules

/// Rule evaluation cost per unit (`targeting bench --rules`): synthetic units with deterministic
/// pseudo-random facts, the whole path of a run after the joins (load, per-unit Lua, rank).
/// The timings are measurements for the README's benchmarks, not values to test against; the
/// counts (facts, indicators, units ranked) are deterministic.
public enum RulesBenchmark {
    public struct Report: Sendable {
        public var script: String
        public var unitCount: Int
        /// Facts and indicators the script declares.
        public var facts: Int, indicators: Int
        public var loadSeconds: Double, evaluateSeconds: Double, luaSeconds: Double, rankSeconds: Double
        public var luaInstructions: Int, luaMemoryPeakBytes: Int
        public var ranked: Int

        /// What `targeting bench --rules` prints.
        public var text: String {
            func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
            func perUnit(_ s: Double) -> String { String(format: "%.2f", s * 1e6 / Double(unitCount)) }
            return """
                rules \(script) on \(unitCount) synthetic units (\(facts) facts, \(indicators) indicators)
                  load script            \(ms(loadSeconds))
                  evaluate per unit (Lua) \(ms(evaluateSeconds))  = \(perUnit(evaluateSeconds)) µs per unit
                    of which inside Lua  \(ms(luaSeconds))  = \(perUnit(luaSeconds)) µs per unit
                  rank and select        \(ms(rankSeconds))  = \(perUnit(rankSeconds)) µs per unit
                  Lua instructions \(luaInstructions), peak Lua memory \(luaMemoryPeakBytes / 1024) KiB, ranked \(ranked)

                """
        }
    }

    /// Loads `script` for `unitCount` synthetic units, gives every fact it declares a value per
    /// unit, evaluates the rules and ranks. Bad rules throw a `TargetingError` as `rank` would.
    public static func run(script: String, unitCount: Int) throws -> Report {
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
        return Report(script: script, unitCount: unitCount, facts: program.facts.count, indicators: program.method.score.indicators.count,
                      loadSeconds: t1.timeIntervalSince(t0), evaluateSeconds: t3.timeIntervalSince(t2), luaSeconds: luaSeconds,
                      rankSeconds: t4.timeIntervalSince(t3), luaInstructions: Int(program.instructionsUsed),
                      luaMemoryPeakBytes: Int(program.memoryPeakBytes), ranked: result.units.filter { $0.rank != nil }.count)
    }
}
