// libFuzzer target: the Lua rules loader (Rules), then evaluation and ranking with a small fact
// provider. Compiled by Scripts/fuzz.sh, not by SwiftPM. The input is the script text. Limits are
// low (8 MB, 2 M instructions) so that loops and memory bombs end quickly as errors. Thrown errors
// are fine; crashes, sanitizer reports and hangs are defects.
import Foundation
import Domain
import Rules
import Ranking

private let units: [RuleUnit] = [
    RuleUnit(id: UnitID("CD9102001"), name: "Alpha", parent: UnitID("CD9102"), population: 12_000,
             attributes: ["POP_2020": .number(12_000), "GRP_FR": .text("Alpha")]),
    RuleUnit(id: UnitID("CD9102002"), name: "Bêta", parent: UnitID("CD9102"), population: nil,
             attributes: ["GRP_FR": .text("Bêta")]),
    RuleUnit(id: UnitID("CD9201001"), name: "Gamma", parent: UnitID("CD9201"), population: 0),
    RuleUnit(id: UnitID("CD9201002"), name: "Delta", parent: UnitID("CD9201"), population: 3_500),
]
private let asOf = ISODate(daysSinceEpoch: 18627) // 2020-12-31

/// Deterministic facts: a function of the fact's name and the unit, with one missing value.
private func provide(_ spec: FactSpec) -> [Double?] {
    let seed = spec.name.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
    return units.indices.map { i in i == 1 && seed % 3 == 0 ? nil : Double((seed + 17 * i) % 97) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let program = try RulesEngine.load(source: source, chunkname: "fuzz.lua", asOf: asOf, units: units,
                                           limits: RulesLimits(memoryBytes: 8 << 20, instructions: 2_000_000))
        let input = try program.evaluate(facts: provide)
        _ = try Ranker.rank(input)
    } catch {}
    return 0
}
