import Foundation
import Domain

/// The project file a GIS officer edits (`targeting.toml`): which boundaries are ranked, their
/// parent levels, and the layers joined onto them, with every field reference and path kept with
/// its manifest line.
public struct ProjectManifest: Sendable {
    /// The manifest path as given (cited in every message).
    public var file: String
    /// The folder relative paths are resolved against (absolute).
    public var folder: String
    public var name: String
    /// The reference date of the run; nil when the manifest does not set it.
    public var asOf: ISODate?
    public var asOfLine: Int?
    /// The default rules script, if any.
    public var rules: ManifestPath?
    public var description: String?
    /// `synthetic = true`: the data are made up (the bundled sample), and every map and the
    /// report say SYNTHETIC. Only this flag says so, never a word in the project's name.
    public var synthetic = false
    /// The units ranked.
    public var units: BoundarySpec
    /// Parent levels in the order written (e.g. territoire, then province).
    public var levels: [BoundarySpec]
    /// Layers in the order written.
    public var layers: [LayerSpec]
    /// How poor the input may be before `rank` stops (`[quality]`; defaults when absent).
    public var quality = QualityThresholds()

    public func layer(named name: String) -> LayerSpec? { layers.first { $0.name == name } }
    public func level(named name: String) -> BoundarySpec? { levels.first { $0.level == name } }

    /// The error a loader raises when a field the manifest names is not in the file, e.g.
    /// `targeting.toml:23: layer 'dtm' names field '#affected+idps+ind' (role numbers) but
    /// dtm_kasai.csv has: …`, with the nearest available name suggested.
    public func missingField(_ ref: FieldRef, layer: String, file dataFile: String, available: [String]) -> TargetingError {
        let shown = (dataFile as NSString).lastPathComponent
        let message = "layer '\(layer)' names field '\(ref.name)' (role \(ref.role.rawValue)) but \(shown) has: "
            + (available.isEmpty ? "no fields" : available.joined(separator: ", "))
        let hint = EditDistance.nearest(to: ref.name, among: available).map { "did you mean '\($0)'?" }
            ?? "fix the name on this line; names match case-insensitively, HXL tags with attributes in any order"
        return TargetingError(message, at: SourceLocation(file: file, line: ref.line), hint: hint)
    }
}

/// A boundary shapefile: the units ranked (`[units]`) or a parent level (`[levels.NAME]`).
public struct BoundarySpec: Sendable, Equatable {
    /// nil for `[units]`; the level name for `[levels.NAME]`.
    public var level: String?
    public var path: ManifestPath
    public var id: FieldRef
    public var name: FieldRef?
    public var population: FieldRef?
    public var parent: FieldRef?
    public var encoding: CodePage?
    public var description: String?
    public var source: String?
    /// The table header's line.
    public var line: Int
    /// `where`: the records kept (all when nil).
    public var filter: RowFilter? = nil
    /// The layer read from a file holding several (a GeoPackage table, a shapefile in a zip): `layer = "…"`.
    public var layer: String? = nil

    /// What messages call it: `units` or `levels.territoire`.
    public var label: String { level.map { "levels.\($0)" } ?? "units" }
    public var fieldRefs: [FieldRef] { [id, name, population, parent].compactMap { $0 } + (filter?.fieldRefs ?? []) }
    public var format: InputFormat? { InputFormat(extension: path.fileExtension) }
}

public enum LayerKind: String, Sendable, CaseIterable {
    /// Point features: a CSV or XLSX sheet with longitude/latitude columns, or a point layer.
    case points
    /// Rows joined to units by key (p-code, then name within the parent).
    case table
    /// A polygon layer (e.g. health zones).
    case polygons
}

public struct LayerSpec: Sendable, Equatable {
    public var name: String
    public var kind: LayerKind
    public var path: ManifestPath
    public var id: FieldRef?
    public var key: FieldRef?
    public var nameField: FieldRef?
    public var parent: FieldRef?
    public var date: FieldRef?
    public var numbers: [FieldRef]
    /// Set for points read from CSV (defaults `longitude` / `latitude`); nil for shapefiles.
    public var longitude: FieldRef?
    public var latitude: FieldRef?
    /// nil: detect (CSV) or use the `.cpg` / DBF code page (shapefile).
    public var encoding: CodePage?
    /// The CSV separator byte; nil means ','.
    public var delimiter: UInt8?
    public var description: String?
    public var source: String?
    /// The `[layers.NAME]` header line.
    public var line: Int
    /// Tables only: the polygon layer whose ids the key holds (rows are zones, not units).
    public var zones: ZoneReference? = nil
    /// Polygon layers only: how values are shared among units (`.area` when not written).
    public var apportion: ApportionSpec? = nil
    /// CSV layers: the decimal mark of numbers and coordinates (`decimal`); nil: decided from the cells.
    public var decimal: DecimalMark? = nil
    /// How dates are written (`date_format`); nil: unambiguous spellings as they are, the day/month
    /// order of numeric dates proved by the column or asked for.
    public var dateFormat: DateFormat? = nil
    /// CSV layers: the cell texts meaning "no value" in number, date and coordinate columns
    /// (`missing`); nil: the default list (`n/a`, `NA`, `-`, `#N/A`). A blank cell is always missing.
    public var missing: [String]? = nil
    /// `where`: the rows kept (all when nil).
    public var filter: RowFilter? = nil
    /// Tables only (`aliases`): a CSV mapping names or codes as the table writes them to unit ids.
    public var aliases: ManifestPath? = nil

    /// The layer, GeoPackage table, shapefile in a zip or workbook sheet read from a file holding
    /// several: `layer = "…"`; nil when the file holds one.
    public var layer: String? = nil

    /// Read as a table of text cells by the CSV reader: a CSV file, or an XLSX sheet turned into CSV.
    public var isCSV: Bool { (InputFormat(extension: path.fileExtension) ?? .csv).isTextTable }
    public var format: InputFormat? { InputFormat(extension: path.fileExtension) }
    /// Every column this layer names, in a stable order, for checking against the file.
    public var fieldRefs: [FieldRef] {
        [id, key, nameField, parent, date, longitude, latitude].compactMap { $0 } + numbers + (filter?.fieldRefs ?? [])
    }
}
