import Domain
import Joins
import Project

/// Everything one run produced, gathered so that each output (CSV, GeoJSON, shapefile, maps,
/// report, run manifest) is written from the same values.
public struct RunRecord: Sendable {
    public var project: LoadedProject
    public var result: RankingResult
    /// Every fact the rules declared, with its per-unit values (unit order of `project.units`).
    public var facts: [(spec: FactSpec, values: [Double?])]
    /// Where each layer's features went (points outside, join reports), for the data-quality section.
    public var placements: [(layer: String, placement: LayerPlacement)]
    public var rulesPath: String
    public var rulesSHA256: String
    public var manifestSHA256: String
    public var asOf: ISODate
    /// The options that change the result, as given on the command line, to repeat the run.
    public var options: [(String, String)]
    public var toolVersion: String
    /// Extra diagnostics found while running (facts, rules) beyond those of loading.
    public var runDiagnostics: [Diagnostic]
    /// The `[quality]` limits this run crossed, written anyway because of `--accept-poor-data`
    /// (empty otherwise); the report, data_quality.txt/.json and run_manifest.json say so.
    public var poorDataAccepted: [String] = []
    /// Per fact name, the rows behind each unit's value (bounded), for `fact_rows.csv`.
    public var factRows: [String: FactRows] = [:]
    /// The data health, measured once by `measureHealth()` when the record is complete: the
    /// console, data_quality.txt/.json and the report all show this one.
    public private(set) var measuredHealth: DataHealth? = nil
    /// Ranks and scores at earlier reference dates beside this run's (`rank --as-of d1,d2,…`).
    public var thenAndNow: ThenAndNow? = nil

    public init(project: LoadedProject, result: RankingResult, facts: [(spec: FactSpec, values: [Double?])],
                placements: [(layer: String, placement: LayerPlacement)], rulesPath: String, rulesSHA256: String,
                manifestSHA256: String, asOf: ISODate, options: [(String, String)], toolVersion: String,
                runDiagnostics: [Diagnostic]) {
        self.project = project; self.result = result; self.facts = facts; self.placements = placements
        self.rulesPath = rulesPath; self.rulesSHA256 = rulesSHA256; self.manifestSHA256 = manifestSHA256
        self.asOf = asOf; self.options = options; self.toolVersion = toolVersion; self.runDiagnostics = runDiagnostics
    }

    /// True when the manifest says `synthetic = true` (the bundled sample): the maps and the
    /// report then say SYNTHETIC.
    public var isSynthetic: Bool { project.manifest.synthetic }

    /// Top-level criteria (children of the score), in declaration order.
    public var criteria: [CriterionMethod] {
        result.method.score.children.compactMap { if case .criterion(let c) = $0 { return c } else { return nil } }
    }

    /// Name of a unit's parent, from the first parent level, when there is one.
    public func parentName(_ id: UnitID?) -> String {
        guard let id, let level = project.levels.first, let i = level.units.index(of: id) else { return "" }
        return level.units.names[i]
    }

    /// How a unit's parent is named in sentences: its name, else its code; nil for a unit with no
    /// parent (no `parent` field in the manifest), so that no empty "()" is printed.
    public func parentLabel(_ id: UnitID?) -> String? {
        guard let id else { return nil }
        let name = parentName(id)
        return name.isEmpty ? id.rawValue : name
    }

    /// Positions in `result.units` in unit-id order: the project's id order (sorted once, as
    /// the units were read) carried over by id, when the outcomes are the project's units each
    /// once; else sorted here (by id, as `sorted` orders them).
    func resultPositionsByID() -> [Int] {
        let units = result.units, projectUnits = project.units
        var position = [Int](repeating: -1, count: projectUnits.count)
        var carried = units.count == projectUnits.count
        if carried {
            for (k, u) in units.enumerated() {
                guard let i = projectUnits.index(of: u.id), position[i] < 0 else { carried = false; break }
                position[i] = k
            }
        }
        if carried { return projectUnits.idOrder.map { position[$0] } }
        let ids = units.map(\.id)
        return units.indices.sorted { ids[$0] < ids[$1] }
    }

    /// The run's data health (`DataHealth`), as measured by `measureHealth()`, else computed now.
    public var health: DataHealth { measuredHealth ?? DataHealth(self) }

    /// Measures the data health once the record is complete (call again after changing it).
    public mutating func measureHealth() { measuredHealth = DataHealth(self) }

    /// Every diagnostic of the run, loading first, in a stable order.
    public var allDiagnostics: [Diagnostic] {
        project.diagnostics + runDiagnostics + result.diagnostics
    }
}
