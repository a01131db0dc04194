import Foundation
import Domain
import Joins
import Manifest
import Outputs
import Project

/// A project ready to rank: its units, parent levels and layers loaded and checked.
///
/// From a manifest, as `targeting rank --project` reads it (every file it names is read, every
/// field it references checked; a problem throws a `TargetingError` with the file, line and what
/// to do):
///
/// ```swift
/// let project = try TargetingProject(manifest: "Shapefiles/kasai/targeting.toml")
/// ```
///
/// Or from units and point layers built in memory (no file is read):
///
/// ```swift
/// let units = try UnitSet(ids: …, names: …, parents: …, polygons: …, population: …)
/// let clinics = BoundLayer(name: "health", layer: Layer(path: "clinics", fields: …, features: …), roles: LayerRoles())
/// let project = try TargetingProject(units: units, layers: [clinics], asOf: ISODate(iso: "2024-06-30"))
/// ```
public struct TargetingProject: Sendable {
    /// Everything read: the manifest, units, levels, layers, per-file summaries, diagnostics and
    /// the boundary checks.
    public let loaded: LoadedProject
    /// SHA-256 of the manifest's bytes (of the generated manifest for a project built in memory).
    public let manifestSHA256: String

    /// Reads the manifest at `path` and every file it names.
    public init(manifest path: String) throws {
        try self.init(manifest: path, counter: nil)
    }

    /// The same, with live counts of rows read (the command line's progress on a terminal);
    /// `layersRead`: see `ProjectLoader.load`.
    package init(manifest path: String, counter: ProjectLoader.Counter?, layersRead: (() -> Void)? = nil,
                 edgeIndexes: Bool = false) throws {
        let loaded = try ProjectLoader.load(manifestPath: path, counter: counter, layersRead: layersRead, edgeIndexes: edgeIndexes)
        let hash = SHA256.hex(try InputFile.read(path: path, role: "project manifest", limit: InputFile.maxTextBytes))
        self.init(loaded: loaded, manifestSHA256: hash)
    }

    /// A project of units and point layers built in memory (each layer placed by location: the
    /// unit polygon that covers a point). `name` titles the report; `asOf` is the default
    /// reference date of its runs. Layers joined by key or apportioned by zone are read from a
    /// manifest (`init(manifest:)`).
    public init(units: UnitSet, layers: [BoundLayer] = [], name: String = "in-memory project", asOf: ISODate? = nil) throws {
        var toml = "name = \(Self.quoted(name))\n"
        if let asOf { toml += "as_of = \"\(asOf)\"\n" }
        toml += "[units]\npath = \"units.shp\"\nid = \"id\"\n"
        for bound in layers {
            guard case .byLocation = bound.roles.placement else {
                throw TargetingError("layer '\(bound.name)': a project built in memory takes point layers placed by location only",
                                     hint: "declare tables joined by key and zone layers in a manifest, and open it with TargetingProject(manifest:)")
            }
            toml += "[layers.\(Self.quoted(bound.name))]\nkind = \"points\"\npath = \(Self.quoted(bound.name + ".shp"))\n"
            if let date = bound.roles.dateField { toml += "date = \(Self.quoted(date))\n" }
        }
        let folder = FileManager.default.currentDirectoryPath
        let manifest = try ProjectManifest(parsing: toml, file: "(in memory)", folder: folder, checkFiles: false)
        var diagnostics: [Diagnostic] = []
        for bound in layers { diagnostics += bound.layer.diagnostics }
        let loaded = LoadedProject(manifest: manifest, units: units, levels: [], layers: layers, files: [], diagnostics: diagnostics)
        self.init(loaded: loaded, manifestSHA256: SHA256.hex(Data(toml.utf8)))
    }

    /// A project already loaded (by `ProjectLoader`, or assembled by the caller).
    public init(loaded: LoadedProject, manifestSHA256: String) {
        self.loaded = loaded
        self.manifestSHA256 = manifestSHA256
    }

    /// The units being ranked, in their fixed order (every fact is one value per unit in it).
    public var units: UnitSet { loaded.units }
    /// What the readers noticed while loading (rejected rows, repaired shapes, boundary findings).
    public var diagnostics: [Diagnostic] { loaded.diagnostics }
    /// The manifest's `as_of`, the default reference date.
    public var asOf: ISODate? { loaded.manifest.asOf }

    /// Ranks the project with `rules`: computes the facts the rules declare, evaluates the rules
    /// for every unit, ranks and selects, as `targeting rank` does. `asOf` defaults to the
    /// manifest's; `selection` adds to (and overrides) the script's own `select { … }`;
    /// `uncertaintyRuns` overrides the run count of the script's `uncertainty { … }` (0: off).
    /// Nothing is written: see `TargetingRun.write(to:maps:)`.
    public func rank(_ rules: RulesScript, asOf: ISODate? = nil, selection: SelectionSettings = SelectionSettings(),
                     uncertaintyRuns: Int? = nil) throws -> TargetingRun {
        guard let date = asOf ?? self.asOf else {
            throw TargetingError("no as_of date: the project does not set one and none was given",
                                 at: SourceLocation(file: loaded.manifest.file), hint: "pass asOf: to rank(_:asOf:)")
        }
        let progress = Progress(quiet: true, verbose: false)
        let prepared = try Pipeline.prepare(self, rules: rules, asOf: date, budget: selection.budget != nil, progress: progress)
        return try Pipeline.run(prepared, selection: selection, uncertaintyRuns: uncertaintyRuns, options: [], progress: progress)
    }

    /// A TOML basic string.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
