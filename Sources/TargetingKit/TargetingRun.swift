import Foundation
import Domain
import Outputs
import Ranking
import Reports

/// One ranking of a project: every unit's outcome (rank, score, criteria, indicators, why it
/// was excluded or selected), the facts behind them, the data health and every diagnostic, as
/// values. `write(to:)` writes the same files as `targeting rank`; each single output is also a
/// method of `record` (`priorityListCSV()`, `factsCSV()`, `indicatorsCSV()`,
/// `explanationsMarkdown()`, `unitsGeoJSON()`, `htmlReport(maps:)`, `dataQualityText()`…).
public struct TargetingRun: Sendable {
    /// Everything the run produced; each output file is written from it.
    public internal(set) var record: RunRecord
    /// The rules as run (the same bytes that were hashed).
    public let rules: RulesScript

    init(record: RunRecord, rules: RulesScript) {
        var record = record
        record.measureHealth()
        self.record = record
        self.rules = rules
    }

    /// Every unit's outcome, in the project's unit order. A `UnitOutcome` explains itself: its
    /// `criteria` and `indicators` (raw, normalised, contribution to the score), `drivers`,
    /// `exclusions` (gates), `missing`, `flags` and `selectionReason`.
    public var units: [UnitOutcome] { record.result.units }

    /// The ranked units, first priority first (units a gate or missing data left out have no
    /// rank and are not in it).
    public var priorityList: [UnitOutcome] {
        record.result.units.filter { $0.rank != nil }.sorted { ($0.rank!, $0.id) < ($1.rank!, $1.id) }
    }

    /// The units the selection rules (`select { … }`, or `SelectionSettings`) chose, in rank order.
    public var selected: [UnitOutcome] { priorityList.filter(\.selected) }

    /// The value of fact `name` for every unit (nil where it has none), by unit id; nil when the
    /// rules declare no such fact.
    public func fact(_ name: String) -> [UnitID: Double?]? {
        guard let fact = record.facts.first(where: { $0.spec.name == name }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(record.project.units.ids, fact.values))
    }

    /// The facts the rules declared, in declaration order, each with one value per unit (project
    /// unit order).
    public var facts: [(spec: FactSpec, values: [Double?])] { record.facts }

    /// The method the rules declared: facts, criteria tree, indicators, gates, selection.
    public var method: MethodDescription { record.result.method }

    /// What the run lost on the way in and what its ranking lacked, against the manifest's
    /// `[quality]` limits; `health.breaches` is empty when no limit is crossed.
    public var health: DataHealth { record.health }

    /// Every diagnostic of the run (loading, facts, rules, ranking), each with a stable `code`.
    public var diagnostics: [Diagnostic] { record.allDiagnostics }

    /// Writes every output of `targeting rank` into `folder` (created if missing), all or nothing:
    /// staged in the folder, then moved into place, replacing the previous run's outputs there
    /// (only those its run_manifest.json proves ours), never an input file. `maps: false` skips
    /// the SVG/PNG maps. Returns the paths written. A run whose data crossed a `[quality]` limit
    /// (`health.breaches`) is written all the same: check it first.
    @discardableResult
    public func write(to folder: String, maps: Bool = true) throws -> [String] {
        let output = StagedOutput(folder: folder)
        try output.lockIfPresent()
        defer { output.releaseFolder() }
        return try output.write(record, maps: maps) { _ in }.files
    }
}
