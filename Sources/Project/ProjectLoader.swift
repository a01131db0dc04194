import Foundation
import Domain
import Geometry
import Joins
import Manifest
import ShapefileIO
import Tables
import VectorFormats

/// Reads every file a manifest names and binds it to its role. Field references are checked
/// against each file before any row is used, so a misspelt column is one clear message that cites
/// the manifest line and lists what the file has.
public enum ProjectLoader {
    /// Makes a live count for a long step: what is done, its unit and the total; the function
    /// returned is told the count done so far.
    public typealias Counter = (_ what: String, _ unit: String, _ total: Int) -> (Int) -> Void

    public static func load(manifestPath: String, counter: Counter? = nil, layersRead: (() -> Void)? = nil,
                            edgeIndexes: Bool = false) throws -> LoadedProject {
        let manifest = try ProjectManifest(contentsOf: manifestPath)
        return try load(manifest, counter: counter, layersRead: layersRead, edgeIndexes: edgeIndexes)
    }

    /// `layersRead`: called once every layer is read, before this thread waits for the
    /// boundaries' review, which then often runs alone for a while (60 ms on the 6,000-unit
    /// benchmark): work that can start then fills the idle core. `edgeIndexes`: build the units'
    /// edge indexes for the joins (`LoadedProject.edgeIndexes`) on this thread before waiting for
    /// the review, when a layer is placed by location (the review still ran alone for 0 to 91 ms,
    /// with GDAL loading beside it).
    public static func load(_ manifest: ProjectManifest, counter: Counter? = nil, layersRead: (() -> Void)? = nil,
                            edgeIndexes: Bool = false) throws -> LoadedProject {
        // Hash every input on the other core while this one parses: for a million-row export the
        // SHA-256 of the run manifest would otherwise add a third of a second. A CSV table is
        // hashed from the bytes its reader reads (`readTable`), not read a second time: every
        // layer is read before the digests are used (a layer that fails stops the load).
        // GDAL reads some inputs: its loading (a hundred libraries) starts now, on another core,
        // rather than when the first such file is reached.
        if readsThroughGDAL(manifest) { GDAL.preload() }
        let readWhole = Set(manifest.layers.filter(readsWhole).map(\.path.resolved))
        let hashes = InputHashes(paths: ([manifest.units.path.resolved] + manifest.levels.map(\.path.resolved)
                                         + manifest.layers.map(\.path.resolved) + manifest.layers.compactMap(\.aliases?.resolved))
                                        .filter { !readWhole.contains($0) })

        // The boundaries (and then their review) on another core while this one reads the layers.
        let boundaryReading = BackgroundBoundaries(manifest: manifest)
        var layers: [BoundLayer] = []
        var layerFiles: [LoadedFile] = []
        var layerError: Error?
        for spec in manifest.layers {
            // A boundary that failed gives the error reported: read no further.
            if boundaryReading.hasFailed { break }
            do { layers.append(try readLayer(spec, manifest: manifest, files: &layerFiles, counter: counter, hashes: hashes)) } catch {
                layerError = error
                break
            }
        }
        if layerError == nil, let layersRead { layersRead() }
        // A boundary's error wins over a layer's, as when the boundaries were read before the layers.
        let read = try boundaryReading.wait()
        if let layerError { throw layerError }
        let units = read.units, levels = read.levels
        var files = read.files + layerFiles
        var diagnostics = read.diagnostics
        // Zone tables need their zone layer, which may come later in the manifest.
        try attachZoneTables(&layers, manifest: manifest)
        try AliasFile.attach(&layers, manifest: manifest, units: units, files: &files)
        for layer in layers { diagnostics += layer.layer.diagnostics }
        // Only when a layer is placed by location: the other joins (tables by key, zones) and
        // facts about the units alone never read them.
        let placesPoints = layers.contains { if case .byLocation = $0.roles.placement { return true } else { return false } }
        let indexes = edgeIndexes && placesPoints ? UnitEdgeIndexes(units: units) : nil
        // ... and the points in overlaps, once the layers are read.
        let (boundaries, boundaryDiagnostics) = read.review.finish(layers: layers)
        diagnostics += boundaryDiagnostics
        let digests = try hashes.wait()
        // A file read whole but never handed to `hashes` (a new reader forgetting `add`) is hashed
        // from disk here: the run manifest never records an empty digest.
        for k in files.indices { files[k].sha256 = try digests[files[k].path] ?? ProjectLoader.hash(files[k].path) }
        // The memory the reading freed (file bytes, raw tables, GEOS copies) stays with the
        // allocator: the joins and the writers reuse it. Handing it back here (`malloc_trim`)
        // made them fault it in again, zeroed: on the 6,000-unit benchmark 80 MB more fresh
        // memory (measured when large runs used huge pages: 242 → 206 huge-page faults, 7,700 →
        // 5,600 faults in all without it), for a peak no lower (470–490 MB either way; 2.1 GB
        // either way at 100,000 units and 5 M points).
        var project = LoadedProject(manifest: manifest, units: units, levels: levels, layers: layers, files: files,
                                    diagnostics: diagnostics, boundaries: boundaries)
        project.edgeIndexes = indexes
        return project
    }

    // MARK: Boundaries

    static func boundary(_ spec: BoundarySpec, manifest: ProjectManifest, files: inout [LoadedFile]) throws
        -> (UnitSet, [Diagnostic]) {
        var read = try readShapefile(spec.path, layer: spec.layer, encoding: spec.encoding, label: spec.label, manifest: manifest)
        try check(spec.fieldRefs, of: read.layer, label: spec.label, manifest: manifest)
        var filteredOut = 0
        if let filter = spec.filter { (read, filteredOut) = try RowFiltering.apply(filter, to: read, label: spec.label, manifest: manifest) }
        // UnitSet refuses duplicate ids, naming both records.
        let (set, d) = try UnitSet.from(read.layer, idField: spec.id.name, nameField: spec.name?.name ?? spec.id.name,
                                        parentField: spec.parent?.name, populationField: spec.population?.name)
        files.append(summary(spec.label, spec.path.resolved, read: read, filter: spec.filter, filteredOut: filteredOut))
        return (set, read.layer.diagnostics + d)
    }

    // MARK: Layers

    /// True when a file the manifest names is in a format read through GDAL.
    static func readsThroughGDAL(_ manifest: ProjectManifest) -> Bool {
        let paths = [manifest.units.path] + manifest.levels.map(\.path) + manifest.layers.map(\.path)
        return paths.contains { InputFormat(extension: $0.fileExtension)?.readsThroughGDAL ?? false }
    }

    /// Whether a layer's file is read whole by `CSVReader` (a workbook is turned into CSV text).
    static func readsWhole(_ spec: LayerSpec) -> Bool { spec.isCSV && spec.format != .workbook }

    /// `hashes`: given the bytes of a table read whole (see `load`).
    static func readLayer(_ spec: LayerSpec, manifest: ProjectManifest, files: inout [LoadedFile], counter: Counter? = nil,
                          hashes: InputHashes? = nil) throws -> BoundLayer {
        let label = "layers.\(spec.name)"
        var layer: Layer
        if spec.isCSV {
            let (table, built, filteredOut) = try readTable(spec, manifest: manifest, counter: counter, hashes: hashes)
            // The built layer already carries the table's own rows and messages (ragged rows…);
            // how its numbers and dates were read, when the file decided it, is said first.
            layer = built.layer
            layer.diagnostics = built.formatNotes + layer.diagnostics
            var file = LoadedFile(entry: label, path: spec.path.resolved, sha256: "",
                                  records: built.rowsRead + filteredOut, kept: built.rowsKept,
                                  rejected: built.rowsRejected,
                                  encoding: table.encoding.description, crs: spec.kind == .points ? "WGS 84 (longitude/latitude columns)" : nil,
                                  notes: [])
            file.layer = spec.layer
            if !built.missingCells.isEmpty { file.missingCells = built.missingCells.map(\.description) }
            if let filter = spec.filter { file.filter = filter.description; file.filteredOut = filteredOut }
            files.append(file)
        } else {
            var read = try readShapefile(spec.path, layer: spec.layer, encoding: spec.encoding, label: label, manifest: manifest)
            if spec.kind != .table, case .gdalLayer(_, hasGeometry: false)? = read.report.shapeType {
                throw TargetingError("layer '\(spec.name)' is kind = \"\(spec.kind.rawValue)\" but \(read.report.layer.map { "the layer \"\($0)\" of " } ?? "")\(spec.path.written) has no geometry (an attribute table)",
                                     at: SourceLocation(file: manifest.file, line: spec.line),
                                     hint: "use kind = \"table\" with key = \"…\" to join its rows to units by code, or name a layer with geometry")
            }
            try check(spec.fieldRefs, of: read.layer, label: label, manifest: manifest)
            var filteredOut = 0
            if let filter = spec.filter { (read, filteredOut) = try RowFiltering.apply(filter, to: read, label: label, manifest: manifest) }
            layer = read.layer
            if let date = spec.date, let i = layer.fieldIndex(date.name) { try convertDates(&layer, field: i, format: spec.dateFormat, label: label, manifest: manifest) }
            files.append(summary(label, spec.path.resolved, read: read, filter: spec.filter, filteredOut: filteredOut))
        }
        let roles: LayerRoles
        switch spec.kind {
        case .points:
            roles = LayerRoles(placement: .byLocation, dateField: spec.date?.name)
        case .polygons:
            roles = LayerRoles(placement: .apportioned(ZoneApportioning(method: apportionMethod(spec), zoneField: spec.id?.name)),
                               dateField: spec.date?.name)
        case .table where spec.zones != nil:
            // Joined to its zone layer after every layer is read (`attachZoneTables`).
            roles = LayerRoles(placement: .apportioned(ZoneApportioning(zoneField: spec.key?.name)), dateField: spec.date?.name)
        case .table:
            guard spec.key != nil || spec.nameField != nil else {
                throw TargetingError("table layer '\(spec.name)' has neither key nor name: rows cannot be joined to units",
                                     at: SourceLocation(file: manifest.file, line: spec.line),
                                     hint: "add key = \"<p-code column>\" (and name = \"<name column>\" for rows without a code)")
            }
            roles = LayerRoles(placement: .byKey(TableKeyFields(codeField: spec.key?.name, nameField: spec.nameField?.name,
                                                                parentField: spec.parent?.name)),
                               dateField: spec.date?.name)
        }
        return BoundLayer(name: spec.name, layer: layer, roles: roles)
    }

    /// A table whose first line holds no delimiter has one column, named by that whole line. When
    /// the manifest needs columns it lacks, the file is not the table meant (often a link to some
    /// other file): say so, without echoing that line as if it were column names.
    static func checkHasColumns(_ table: Table, spec: LayerSpec, manifest: ProjectManifest) throws {
        guard table.header.count == 1 else { return }
        var needed = spec.fieldRefs.map(\.name)
        if spec.kind == .points { needed += [spec.longitude?.name ?? "longitude", spec.latitude?.name ?? "latitude"] }
        guard needed.contains(where: { table.column(named: $0) == nil }) else { return }
        let delimiter = CSVOptions.spelling(of: spec.delimiter ?? UInt8(ascii: ","))
        throw TargetingError("not a CSV table: its first line has no '\(delimiter)' delimiter, so it has no columns to find the fields [layers.\(spec.name)] names",
                             at: SourceLocation(file: spec.path.resolved, line: 1),
                             hint: "check that \(spec.path.written) (named at \(manifest.file):\(spec.path.line)) is the intended table; if its columns are separated by another character, set delimiter = \"…\" for this layer")
    }

    /// Gives every table with `zones` its zone's shapes and apportioning, and checks the
    /// population field of zone layers apportioned by population against its points layer.
    static func attachZoneTables(_ layers: inout [BoundLayer], manifest: ProjectManifest) throws {
        func loaded(_ name: String) -> BoundLayer? { layers.first { $0.name == name } }
        for spec in manifest.layers {
            if case .population(let p)? = spec.apportion, let points = loaded(p.layer), points.layer.fieldIndex(p.field) == nil {
                throw manifest.missingField(FieldRef(role: .population, name: p.field, line: p.fieldLine), layer: p.layer,
                                            file: points.layer.path, available: points.layer.fields.map(\.name))
            }
            guard let z = spec.zones, let i = layers.firstIndex(where: { $0.name == spec.name }),
                  let zoneSpec = manifest.layer(named: z.layer), let zones = loaded(z.layer) else { continue }
            layers[i].layer = try ZoneTableJoin.attach(layers[i].layer, spec: spec, zones: zones.layer, zoneSpec: zoneSpec,
                                                       manifest: manifest)
            layers[i].roles.placement = .apportioned(ZoneApportioning(method: apportionMethod(zoneSpec), zoneField: spec.key?.name))
        }
    }

    static func apportionMethod(_ spec: LayerSpec) -> ZoneApportioning.Method {
        switch spec.apportion {
        case .population(let p)?: return .population(pointsLayer: p.layer, field: p.field)
        case .area?, nil: return .area
        }
    }

    /// A CSV layer read and typed with the formats its manifest entry states. An error in the file
    /// (a bad delimiter, dates whose order cannot be decided…) also names the layer and its line.
    static func readTable(_ spec: LayerSpec, manifest: ProjectManifest, counter: Counter? = nil,
                          hashes: InputHashes? = nil) throws -> (Table, TableLayer, filteredOut: Int) {
        do {
            let options = CSVOptions(delimiter: spec.delimiter ?? UInt8(ascii: ","), encoding: spec.encoding)
            // An XLSX sheet is turned into CSV text and read by the same reader (HXL row and all).
            var table = spec.format == .workbook
                ? try WorkbookReader().read(path: spec.path.resolved, sheet: spec.layer, options: options)
                : try CSVReader.read(path: spec.path.resolved, options: options)
            if readsWhole(spec) { hashes?.add(path: spec.path.resolved, bytes: table.sourceBytes) }
            // A file another program changed under the run can fail any check from here on (the
            // tail of a table cut short reads as zero bytes up to the end of its last page): the
            // change is then the error to give, not what it broke.
            do {
                try checkHasColumns(table, spec: spec, manifest: manifest)
                // Check every reference first, against names and HXL tags, to cite the manifest line.
                for ref in spec.fieldRefs where table.column(named: ref.name) == nil {
                    throw manifest.missingField(ref, layer: spec.name, file: spec.path.resolved, available: table.availableColumnNames)
                }
                var filteredOut = 0
                if let filter = spec.filter { (table, filteredOut) = try RowFiltering.apply(filter, to: table, spec: spec, manifest: manifest) }
                var schema = TableSchema(numbers: spec.numbers.map(\.name), dates: spec.date.map { [$0.name] } ?? [],
                                         decimal: spec.decimal, dateFormat: spec.dateFormat,
                                         missing: spec.missing ?? TableSchema.defaultMissing)
                if spec.kind == .points {
                    let lon = spec.longitude?.name ?? "longitude", lat = spec.latitude?.name ?? "latitude"
                    schema.longitude = lon
                    schema.latitude = lat
                    if table.column(named: lon) == nil || table.column(named: lat) == nil {
                        throw TargetingError("layer '\(spec.name)' is a point layer but \(spec.path.written) has no '\(lon)'/'\(lat)' columns",
                                             at: SourceLocation(file: manifest.file, line: spec.line),
                                             hint: "name the coordinate columns with longitude = \"…\" and latitude = \"…\"; the file has: \(table.availableColumnNames.joined(separator: ", "))")
                    }
                }
                let layer = try table.makeLayer(schema, rowsDone: counter?("reading \(spec.path.written)", "rows", table.rowCount))
                // Typed: nothing reads the file's bytes after this but the hashing, which checks
                // them once done (`InputHashes.wait`); without it, they are checked here.
                if hashes == nil || !readsWhole(spec) { try table.sourceBytes.verifyUnchanged() }
                return (table, layer, filteredOut)
            } catch {
                throw table.sourceBytes.explaining(error)
            }
        } catch var e as TargetingError where e.location?.file == spec.path.resolved {
            e.hint = (e.hint.map { $0 + "; " } ?? "") + "read for [layers.\(spec.name)] at \(manifest.file):\(spec.line)"
            throw e
        }
    }

    /// A shapefile's date column may be a DBF `D` field (already a date) or text: text dates are
    /// parsed here, their day/month order decided as for CSV tables (`DateColumnOrder.decide`), and
    /// a row whose date cannot be read is reported and kept out of windows (null).
    static func convertDates(_ layer: inout Layer, field i: Int, format: DateFormat?, label: String, manifest: ProjectManifest) throws {
        let source = DateColumnSource(file: layer.path, name: layer.fields[i].name, position: .record, layer: "[\(label)] at \(manifest.file)")
        let (order, note) = try DateColumnOrder.decide(stated: format, values: {
            var seen = Set<String>()
            var distinct: [(text: String, line: Int)] = []
            for f in layer.features {
                guard case .text(let s) = f.values[i], seen.insert(s).inserted else { continue }
                distinct.append((s, f.location.record ?? 0))
            }
            return distinct
        }, in: source)
        if let note { layer.diagnostics.append(note) }
        // The rows whose date changes are made again, into shared blocks (a row written in
        // place would be copied out of the block it shares with other rows, one at a time).
        var rows = ValueRowBuilder()
        for k in layer.features.indices {
            guard case .text(let s) = layer.features[k].values[i] else { continue }
            var values = Array(layer.features[k].values)
            if let d = DateSpelling(s).date(order: order) {
                values[i] = .date(d)
            } else {
                values[i] = .null
                layer.diagnostics.append(Diagnostic(.warning, layer.features[k].location, code: .badDate,
                    "field '\(layer.fields[i].name)': '\(s)' is not a date (accepted: \(DateSpelling.accepted(order: order))); the record is left out of every date window",
                    hint: "write dates as YYYY-MM-DD, or set date_format for [\(label)]"))
            }
            layer.features[k].values = rows.row(values)
        }
        layer.fields[i].type = .date
    }

    // MARK: Shared

    /// A layer with geometry in any format read (shapefile, GeoPackage, GeoJSON, zipped shapefile).
    /// `encoding`: the code page the manifest states for the attributes' text (over the `.cpg`).
    static func readShapefile(_ path: ManifestPath, layer: String?, encoding: CodePage?, label: String,
                              manifest: ProjectManifest) throws -> ShapefileReadResult {
        do {
            // A table layer may be a .dbf alone: its attributes, without shapes.
            let input = VectorInput(encoding: encoding)
            if path.fileExtension == "dbf" { return try input.shapefileReader.readTable(dbf: path.resolved) }
            return try input.read(path: path.resolved, layer: layer)
        } catch let e as TargetingError {
            var e = e
            e.hint = (e.hint.map { $0 + "; " } ?? "") + "named by [\(label)] at \(manifest.file):\(path.line)"
            throw e
        }
    }

    static func check(_ refs: [FieldRef], of layer: Layer, label: String, manifest: ProjectManifest) throws {
        for ref in refs where layer.fieldIndex(ref.name) == nil {
            throw manifest.missingField(ref, layer: label, file: layer.path, available: layer.fields.map(\.name))
        }
    }

    static func summary(_ entry: String, _ path: String, read: ShapefileReadResult, filter: RowFilter? = nil, filteredOut: Int = 0) -> LoadedFile {
        let r = read.report
        // Every record is kept (a record whose shape is unusable stays, without geometry): the
        // reader makes one feature per record, so none is rejected; a `where` filter leaves some out.
        var file = LoadedFile(entry: entry, path: path, sha256: "", records: r.records, kept: r.records - filteredOut, rejected: 0,
                              encoding: r.encoding.map { e in r.encodingSource.map { "\(e) (\($0.description))" } ?? e },
                              crs: r.crs, notes: r.warnings)
        file.shapesRejected = r.rejectedRows.count
        if let filter { file.filter = filter.description; file.filteredOut = filteredOut }
        file.layer = r.layer
        return file
    }

    /// SHA-256 of a file (for a shapefile, of its .shp, .dbf, .prj and .cpg together, since each changes the data), read
    /// a megabyte at a time: hashing runs beside the readers, before their size checks, and must
    /// not hold whole inputs (or a wrong multi-gigabyte path) in memory.
    static func hash(_ path: String) throws -> String {
        var h = SHA256()
        // A shapefile's attributes, CRS and code page change the run as much as its shapes do.
        let paths = path.lowercased().hasSuffix(".shp") ? shapefileDataFiles(path)
            : path.lowercased().hasSuffix(".dbf") ? dbfTableDataFiles(path) : [path]
        for p in paths {
            // Through the input gate: a pipe among the inputs must not block this thread forever.
            do {
                try InputFile.forEachChunk(path: p, role: "input file") { h.update($0) }
            } catch {
                // A companion that cannot be read is reported by the shapefile reader itself.
                if p == path { throw error }
            }
        }
        return h.finalizeHex()
    }
}
