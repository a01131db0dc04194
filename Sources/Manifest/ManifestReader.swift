import Foundation
import Domain

extension ProjectManifest {
    /// Reads and checks a manifest file. Relative paths resolve against its folder.
    /// `checkFiles: false` skips the existence checks (for editors and tests of the model only).
    public init(contentsOf path: String, checkFiles: Bool = true) throws {
        let data: [UInt8]
        do {
            data = try InputFile.read(path: path, role: "project manifest", limit: InputFile.maxTextBytes)
        } catch var e as TargetingError {
            e.hint = (e.hint.map { $0 + "; " } ?? "") + "pass the path of a targeting.toml file"
            throw e
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TargetingError("the project manifest is not valid UTF-8", at: SourceLocation(file: path),
                                 hint: "save it as UTF-8 (any text editor can)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        try self.init(parsing: text, file: path, folder: folder, checkFiles: checkFiles)
    }

    /// Parses manifest text; `file` is cited in messages and `folder` resolves relative paths.
    public init(parsing text: String, file: String, folder: String, checkFiles: Bool = true) throws {
        let root = try TOML.parse(text, file: file)
        self = try ManifestReader(file: file, folder: folder, checkFiles: checkFiles).read(root)
    }
}

/// Turns the TOML tree into the model, checking every key, type, kind, date and path.
struct ManifestReader {
    let file: String
    let folder: String
    let checkFiles: Bool

    static let topKeys = ["name", "as_of", "rules", "description", "synthetic", "units", "levels", "layers", "quality"]
    static let boundaryKeys = ["path", "layer", "id", "name", "population", "parent", "encoding", "description", "source", "where"]
    static let commonLayerKeys = ["kind", "path", "layer", "description", "source", "encoding", "where"]
    /// How a CSV layer writes numbers, dates and missing values (`ManifestReader+Formats`).
    static let formatKeys = ["decimal", "date_format", "missing"]
    static let layerKeys: [LayerKind: [String]] = [
        .points: commonLayerKeys + ["delimiter", "longitude", "latitude", "id", "name", "date", "numbers"] + formatKeys,
        // `id`: the column that identifies a row (cited in fact_rows.csv), not a join key.
        .table: commonLayerKeys + ["delimiter", "key", "id", "name", "parent", "date", "numbers", "zones", "aliases"] + formatKeys,
        .polygons: commonLayerKeys + ["id", "name", "parent", "date", "numbers", "apportion", "population_points", "population_field", "date_format"],
    ]

    func error(_ message: String, line: Int?, hint: String? = nil) -> TargetingError {
        TargetingError(message, at: SourceLocation(file: file, line: line), hint: hint)
    }

    func read(_ root: TOMLTable) throws -> ProjectManifest {
        try checkKeys(root, allowed: Self.topKeys, context: "at the top of the manifest")
        let name = try requiredString(root, "name", in: "the top of the manifest", line: 1)
        var asOf: ISODate?
        var asOfLine: Int?
        if let e = root["as_of"] {
            asOfLine = e.line
            switch e.value {
            case .date(let d): asOf = d
            case .string(let s):
                guard let d = ISODate(iso: s), s.utf8.count == 10 else {
                    throw error("as_of must be an ISO date YYYY-MM-DD, found \"\(s)\"", line: e.line, hint: "e.g. as_of = \"2020-12-31\"")
                }
                asOf = d
            default:
                throw error("as_of: expected a date such as \"2020-12-31\", found \(describe(e.value))", line: e.line)
            }
        }
        // The rules file is checked when a run uses it (`--rules` on the command line replaces it).
        let rules = try optionalString(root, "rules", in: "the top of the manifest").map { try path($0.value, line: $0.line, label: "rules", check: false) }
        let description = try optionalString(root, "description", in: "the top of the manifest")?.value

        guard let unitsEntry = root["units"] else {
            throw error("the manifest has no [units] table: the polygons to rank (path, id, and optionally name, population, parent)",
                        line: nil, hint: "add [units] with path = \"groupements.shp\" and id = \"GRP_PCODE\"")
        }
        let units = try boundary(try table(unitsEntry, label: "units"), level: nil)

        var levels: [BoundarySpec] = []
        if let e = root["levels"] {
            let t = try table(e, label: "levels")
            for (key, entry) in t.orderedEntries {
                levels.append(try boundary(try table(entry, label: "levels.\(key)"), level: key))
            }
        }
        var layers: [LayerSpec] = []
        if let e = root["layers"] {
            let t = try table(e, label: "layers")
            for (key, entry) in t.orderedEntries {
                layers.append(try layer(try table(entry, label: "layers.\(key)"), name: key))
            }
            try checkZoneLinks(layers)
        }
        var manifest = ProjectManifest(file: file, folder: folder, name: name, asOf: asOf, asOfLine: asOfLine, rules: rules,
                                       description: description, units: units, levels: levels, layers: layers)
        manifest.quality = try quality(root["quality"])
        if let e = root["synthetic"] {
            guard case .bool(let b) = e.value else {
                throw error("synthetic: expected true or false, found \(describe(e.value))", line: e.line,
                            hint: "synthetic = true marks made-up data: the maps and the report then say SYNTHETIC")
            }
            manifest.synthetic = b
        }
        return manifest
    }

    // MARK: sections

    func boundary(_ t: TOMLTable, level: String?) throws -> BoundarySpec {
        let label = level.map { "levels.\($0)" } ?? "units"
        try checkKeys(t, allowed: Self.boundaryKeys, context: "in [\(label)]")
        let p = try requiredString(t, "path", in: "[\(label)]", line: t.line, what: "the boundary shapefile")
        let resolved = try path(p, line: t["path"]?.line ?? t.line, label: "[\(label)] path")
        guard let format = InputFormat(extension: resolved.fileExtension), format.hasGeometry else {
            throw error("[\(label)] path must be a polygon layer (a shapefile, GeoPackage, GeoJSON or zipped shapefile), found \"\(p)\"",
                        line: resolved.line, hint: InputFormat.unsupportedHint(geometry: true))
        }
        let idName = try requiredString(t, "id", in: "[\(label)]", line: t.line, what: "the field holding each unit's p-code")
        var spec = BoundarySpec(level: level, path: resolved,
                            id: FieldRef(role: .id, name: idName, line: t["id"]?.line ?? t.line),
                            name: try ref(t, "name", role: .name, in: label),
                            population: try ref(t, "population", role: .population, in: label),
                            parent: try ref(t, "parent", role: .parent, in: label),
                            encoding: try encoding(t, in: label, format: format),
                            description: try optionalString(t, "description", in: "[\(label)]")?.value,
                            source: try optionalString(t, "source", in: "[\(label)]")?.value,
                            line: t.line)
        spec.filter = try rowFilter(t, in: label)
        spec.layer = try layerName(t, format: format, label: label)
        return spec
    }

    /// `layer = "…"`: only for a file that can hold several layers.
    func layerName(_ t: TOMLTable, format: InputFormat, label: String) throws -> String? {
        guard let (name, line) = try optionalString(t, "layer", in: "[\(label)]") else { return nil }
        guard format.hasLayers else {
            throw error("[\(label)] layer = \"\(name)\": a \(format.title) holds one layer, so there is none to choose", line: line,
                        hint: "remove this line; layer is read for GeoPackages, zipped shapefiles and Excel workbooks (the sheet)")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error("[\(label)] layer is empty: name a layer of the file", line: line)
        }
        return name
    }

    func layer(_ t: TOMLTable, name: String) throws -> LayerSpec {
        let label = "layers.\(name)"
        guard let kindEntry = t["kind"] else {
            throw error("[\(label)] is missing the key 'kind' (one of: points, table, polygons)", line: t.line,
                        hint: "add kind = \"points\" (coordinates), \"table\" (rows joined by key) or \"polygons\"")
        }
        guard case .string(let kindText) = kindEntry.value else {
            throw error("[\(label)] kind: expected a string (points, table or polygons), found \(describe(kindEntry.value))", line: kindEntry.line)
        }
        guard let kind = LayerKind(rawValue: kindText) else {
            let near = EditDistance.nearest(to: kindText, among: LayerKind.allCases.map(\.rawValue))
            throw error("[\(label)] kind = \"\(kindText)\" is not one of: points, table, polygons", line: kindEntry.line,
                        hint: near.map { "did you mean \"\($0)\"?" })
        }
        let allowed = Self.layerKeys[kind] ?? []
        try checkKeys(t, allowed: allowed, context: "in [\(label)] (kind = \"\(kind.rawValue)\")", otherKinds: kind)
        let p = try requiredString(t, "path", in: "[\(label)]", line: t.line, what: "the layer's file")
        let resolved = try path(p, line: t["path"]?.line ?? t.line, label: "[\(label)] path")
        let ext = resolved.fileExtension
        let formats: [LayerKind: [InputFormat]] = [
            .points: [.csv, .workbook, .shapefile, .geoPackage, .geoJSON, .zippedShapefile],
            .table: [.csv, .workbook, .geoPackage, .dbfTable],
            .polygons: [.shapefile, .geoPackage, .geoJSON, .zippedShapefile],
        ]
        guard let format = InputFormat(extension: ext), formats[kind]?.contains(format) ?? false else {
            let wanted = kind == .polygons ? "a polygon layer (a shapefile, GeoPackage, GeoJSON or zipped shapefile)"
                : kind == .table ? "a table (a CSV file, an Excel .xlsx sheet, a GeoPackage table or a .dbf file)"
                : "a CSV file or .xlsx sheet with coordinates, or a point layer (a shapefile, GeoPackage, GeoJSON or zipped shapefile)"
            throw error("[\(label)] kind = \"\(kind.rawValue)\" needs \(wanted), found \"\(p)\"", line: resolved.line,
                        hint: InputFormat(extension: ext) == nil ? InputFormat.unsupportedHint(geometry: kind != .table) : nil)
        }
        var numbers: [FieldRef] = []
        if let e = t["numbers"] {
            guard case .array(let items) = e.value else {
                throw error("[\(label)] numbers: expected an array of column names such as [\"fatalities\"], found \(describe(e.value))", line: e.line)
            }
            for item in items {
                guard case .string(let s) = item.value, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw error("[\(label)] numbers: expected column names (strings), found \(describe(item.value))", line: item.line)
                }
                if numbers.contains(where: { $0.name.lowercased() == s.lowercased() }) {
                    throw error("[\(label)] numbers: the column '\(s)' is listed twice", line: item.line)
                }
                numbers.append(FieldRef(role: .numbers, name: s, line: item.line))
            }
        }
        var lon = try ref(t, "longitude", role: .longitude, in: label)
        var lat = try ref(t, "latitude", role: .latitude, in: label)
        if kind == .points, format.isTextTable {
            lon = lon ?? FieldRef(role: .longitude, name: "longitude", line: t.line)
            lat = lat ?? FieldRef(role: .latitude, name: "latitude", line: t.line)
        } else if let given = lon ?? lat {
            throw error("[\(label)] \(given.role.rawValue): coordinates columns are only read from CSV files and .xlsx sheets; a \(format.title) carries its own geometry",
                        line: given.line, hint: "remove longitude/latitude from this layer")
        }
        let key = try ref(t, "key", role: .key, in: label)
        if kind == .table, key == nil {
            throw error("[\(label)] is missing the key 'key': the column that joins rows to units.id (a p-code, e.g. \"#adm3+pcode\")",
                        line: t.line, hint: "add key = \"<p-code column or HXL tag>\"")
        }
        var delimiter: UInt8?
        if let d = try optionalString(t, "delimiter", in: "[\(label)]") {
            guard format == .csv else {
                throw error("[\(label)] delimiter is only read for CSV files; a \(format.title) has no delimiter", line: d.line, hint: "remove this line")
            }
            delimiter = DelimiterSpelling.byte(d.value)
            if delimiter == nil {
                throw error("[\(label)] delimiter = \"\(d.value)\" is not a CSV separator", line: d.line,
                            hint: "use \",\", \";\", \"\\t\" (tab) or \"|\"")
            }
        }
        var spec = LayerSpec(name: name, kind: kind, path: resolved,
                         id: try ref(t, "id", role: .id, in: label), key: key,
                         nameField: try ref(t, "name", role: .name, in: label),
                         parent: try ref(t, "parent", role: .parent, in: label),
                         date: try ref(t, "date", role: .date, in: label),
                         numbers: numbers, longitude: lon, latitude: lat,
                         encoding: try encoding(t, in: label, format: format), delimiter: delimiter,
                         description: try optionalString(t, "description", in: "[\(label)]")?.value,
                         source: try optionalString(t, "source", in: "[\(label)]")?.value,
                         line: t.line)
        spec.layer = try layerName(t, format: format, label: label)
        try readZoneKeys(t, into: &spec)
        try readFormatKeys(t, into: &spec)
        spec.filter = try rowFilter(t, in: label)
        if let a = try optionalString(t, "aliases", in: "[\(label)]") {
            guard spec.zones == nil else {
                throw error("[\(label)] aliases maps names to units, but this table's rows are zones (zones = \"\(spec.zones?.layer ?? "")\"): its key holds zone ids",
                            line: a.line, hint: "remove aliases, or fix the zone ids in the table")
            }
            spec.aliases = try path(a.value, line: a.line, label: "[\(label)] aliases")
        }
        return spec
    }

    // MARK: checks

    /// Unknown keys name the line, the key, the allowed keys and the nearest one. For layers, a key
    /// that belongs to another kind says so.
    func checkKeys(_ t: TOMLTable, allowed: [String], context: String, otherKinds kind: LayerKind? = nil) throws {
        for (key, entry) in t.orderedEntries where !allowed.contains(key) {
            var hint = EditDistance.nearest(to: key, among: allowed).map { "did you mean '\($0)'?" }
            if let k = kind {
                let owners = LayerKind.allCases.filter { $0 != k && (Self.layerKeys[$0]?.contains(key) ?? false) }
                if !owners.isEmpty, hint == nil {
                    hint = "'\(key)' is used with kind = " + owners.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                }
            }
            throw error("unknown key '\(key)' \(context); allowed keys: \(allowed.joined(separator: ", "))", line: entry.line, hint: hint)
        }
    }

    func table(_ e: TOMLEntry, label: String) throws -> TOMLTable {
        guard case .table(let t) = e.value else {
            throw error("'\(label)' must be a table ([\(label)] followed by its keys), found \(describe(e.value))", line: e.line)
        }
        return t
    }

    func requiredString(_ t: TOMLTable, _ key: String, in context: String, line: Int, what: String? = nil) throws -> String {
        guard let e = t[key] else {
            throw error("\(context) is missing the key '\(key)'\(what.map { ": \($0)" } ?? "")", line: line == 0 ? nil : line)
        }
        guard case .string(let s) = e.value else {
            throw error("\(key): expected a string, found \(describe(e.value))", line: e.line, hint: "put the value in quotes")
        }
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error("\(key) is empty", line: e.line)
        }
        return s
    }

    func optionalString(_ t: TOMLTable, _ key: String, in context: String) throws -> (value: String, line: Int)? {
        guard let e = t[key] else { return nil }
        guard case .string(let s) = e.value else {
            throw error("\(context) \(key): expected a string, found \(describe(e.value))", line: e.line, hint: "put the value in quotes")
        }
        return (s, e.line)
    }

    func ref(_ t: TOMLTable, _ key: String, role: FieldRef.Role, in label: String) throws -> FieldRef? {
        guard let (s, line) = try optionalString(t, key, in: "[\(label)]") else { return nil }
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error("[\(label)] \(key) is empty: name a column", line: line)
        }
        return FieldRef(role: role, name: s, line: line)
    }

    /// `encoding = "…"`: any code page of our tables or the system's iconv, for the files whose
    /// text has one (CSV files, and shapefiles' or lone .dbf files' attributes); the other
    /// formats' text is Unicode by the format.
    func encoding(_ t: TOMLTable, in label: String, format: InputFormat) throws -> CodePage? {
        guard let (s, line) = try optionalString(t, "encoding", in: "[\(label)]") else { return nil }
        guard let enc = CodePage(codePageName: s) else {
            throw error("[\(label)] encoding = \"\(s)\" is not a code page this system knows", line: line,
                        hint: "use a name `iconv -l` lists, e.g. " + TextEncoding.allCases.map(\.rawValue).joined(separator: ", ") + ", CP936, BIG5")
        }
        guard [.csv, .shapefile, .zippedShapefile, .dbfTable].contains(format) else {
            throw error("[\(label)] encoding is read for CSV files and shapefiles, not for a \(format.title), whose text is Unicode by its format", line: line,
                        hint: "remove this line")
        }
        return enc
    }

    func path(_ written: String, line: Int, label: String, check: Bool = true) throws -> ManifestPath {
        let url = written.hasPrefix("/") ? URL(fileURLWithPath: written)
            : URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(written)
        let resolved = WorkingFolder.relative(url.path)
        if checkFiles && check {
            // Regular files only (after links): a folder, a pipe or a device is named as such here,
            // with this line, before any reader would open it.
            let roles = ["shp": ".shp file", "dbf": ".dbf table", "csv": "CSV table", "tsv": "CSV table", "txt": "CSV table", "lua": "rules script",
                         "gpkg": "GeoPackage", "geojson": "GeoJSON file", "json": "GeoJSON file", "zip": "zip archive", "xlsx": "Excel workbook"]
            let byLabel = label.hasPrefix("[layers.") ? "layer file" : label == "rules" ? "rules script" : "boundary file"
            let role = roles[(written as NSString).pathExtension.lowercased()] ?? byLabel
            do { try InputFile.checkRegular(path: resolved, role: role) } catch let e as TargetingError {
                throw error("\(label): \(e.message): \(resolved)", line: line,
                            hint: [e.hint, "paths are relative to the manifest's folder (\(folder))"].compactMap { $0 }.joined(separator: "; "))
            }
        }
        return ManifestPath(written: written, resolved: resolved, line: line)
    }

    func describe(_ v: TOMLValue) -> String {
        switch v {
        case .string(let s): return "a string (\"\(s)\")"
        case .integer(let n): return "an integer (\(n))"
        case .float(let d): return "a float (\(d))"
        case .bool(let b): return "a boolean (\(b))"
        case .date(let d): return "a date (\(d))"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}
