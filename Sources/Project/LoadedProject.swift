import Domain
import Joins
import Manifest

/// Everything a run needs from the files a manifest names: the units, their parent levels, the
/// layers bound to their roles, what each reader noticed, and the hash of every input file.
public struct LoadedProject: Sendable {
    public var manifest: ProjectManifest
    public var units: UnitSet
    public var levels: [LoadedLevel]
    public var layers: [BoundLayer]
    /// One summary per file read, in manifest order (units, levels, layers).
    public var files: [LoadedFile]
    /// Everything the readers and the unit builder reported, in file order.
    public var diagnostics: [Diagnostic]
    /// What the boundary checks found (overlaps, gaps, units outside their parent, points in
    /// overlaps); each finding is also one of `diagnostics`.
    public var boundaries = BoundaryReport()
    /// The units' edge indexes, when the loader was asked to build them (`ProjectLoader.load`'s
    /// `edgeIndexes`) and a layer is placed by location, for the `FactEngine` of the run.
    public var edgeIndexes: UnitEdgeIndexes?

    public init(manifest: ProjectManifest, units: UnitSet, levels: [LoadedLevel], layers: [BoundLayer], files: [LoadedFile],
                diagnostics: [Diagnostic], boundaries: BoundaryReport = BoundaryReport()) {
        self.manifest = manifest; self.units = units; self.levels = levels; self.layers = layers; self.files = files
        self.diagnostics = diagnostics; self.boundaries = boundaries
    }
}

/// A parent level (territoire, province): ids, names, parent ids and outlines, for per-parent ranks,
/// roll-ups and map outlines.
public struct LoadedLevel: Sendable {
    public var name: String
    public var units: UnitSet
}

/// One input file as read: the manifest entry it came from, its SHA-256 (for the run manifest) and
/// the reader's counts.
public struct LoadedFile: Sendable, Codable, Equatable {
    public var entry: String
    public var path: String
    public var sha256: String
    public var records: Int
    public var kept: Int
    /// Records not kept (CSV rows with a bad number, date or coordinate).
    public var rejected: Int
    /// Shapefile records whose shape could not be used: the record is kept, without geometry.
    public var shapesRejected: Int = 0
    public var encoding: String?
    public var crs: String?
    public var notes: [String]
    /// CSV layers: per number, date or coordinate column with missing cells (blank or a `missing`
    /// token), e.g. "column 'fatalities': 3 missing (1 blank, 2 marked missing)"; nil when none.
    public var missingCells: [String]? = nil
    /// The manifest's `where` filter as written (`type = "health"`), and the records it left out
    /// (neither kept nor rejected); nil without a filter.
    public var filter: String? = nil
    public var filteredOut: Int? = nil
    /// The layer, table, zipped shapefile or sheet read, for a file that holds several; nil otherwise.
    public var layer: String? = nil
}
