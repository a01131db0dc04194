import Foundation
import Domain
import Joins
import Manifest
import Outputs

/// `fact_rows.csv`: per unit and per fact, the input rows that made the value, so every number of
/// the ranking can be traced to its file and line (or record) and to the row's own id.
extension RunRecord {
    /// At most this many rows are listed per unit and fact (the largest contributions first);
    /// a unit with more gets one extra line saying how many more and what they add up to. So the
    /// file holds at most units × facts × (bound + 1) lines, whatever the size of the layers.
    public static let factRowsBound = 50

    /// Columns an id is read from when the manifest names none for the layer, first found wins:
    /// ACLED's event id (by name or HXL tag), an HXL id, then a DTM round.
    static let automaticIDColumns = ["event_id_cnty", "#event+id", "#meta+id", "#meta+round"]

    /// Writes `fact_rows.csv` at `path` as it is made (a megabyte at a time, hashed on the way:
    /// 843 MB at 100,000 units and 5 million events were held whole, then copied, then read back
    /// to be hashed); returns the SHA-256 of the file.
    public func writeFactRowsCSV(to path: String) throws -> String {
        let plan = factRowsPlan()
        return try HashedFile.write(to: path) { file in
            var w = CSVBytes()
            try factRowsCSV(plan, units: plan.order.indices, into: &w) { w in try file.append(contentsOf: w.bytes); w.bytes.removeAll(keepingCapacity: true) }
            try file.append(contentsOf: w.bytes)
        }
    }

    /// `fact_rows.csv` as UTF-8 bytes (all of it in memory).
    public func factRowsCSVData() -> Data {
        let plan = factRowsPlan()
        var w = CSVBytes()
        factRowsCSV(plan, units: plan.order.indices, into: &w) { _ in }
        return Data(w.bytes)
    }

    /// The bytes of one part of `fact_rows.csv` (see `factRowsParts`); the parts in order make the file.
    func factRowsCSVPart(_ plan: FactRowsPlan, units: Range<Int>) -> [UInt8] {
        var w = CSVBytes()
        // Room for its lines (about 70 bytes each at 6,000 units) made once, not grown by doubling.
        w.bytes.reserveCapacity(4096 + 80 * factRowsLines(plan, units: plan.order[units]))
        factRowsCSV(plan, units: units, into: &w) { _ in }
        return w.bytes
    }

    /// What every part of `fact_rows.csv` reads: the facts that list rows, where those rows come
    /// from, and the units in file order (id order).
    struct FactRowsPlan: @unchecked Sendable {
        let traced: [(fact: String, rows: FactRows)]
        let sources: [String: RowSource]
        let order: [Int]
    }

    func factRowsPlan() -> FactRowsPlan {
        let traced = facts.compactMap { f in factRows[f.spec.name].map { (fact: CSVBytes.quoted(f.spec.name), rows: $0) } }
        var sources: [String: RowSource] = [:]
        for t in traced where sources[t.rows.layer ?? ""] == nil { sources[t.rows.layer ?? ""] = rowSource(layer: t.rows.layer) }
        return FactRowsPlan(traced: traced, sources: sources, order: project.units.idOrder)
    }

    /// Cuts the units (positions in `plan.order`) into consecutive ranges of about `lines` lines
    /// of `fact_rows.csv` each, so that its parts can be spelled on several cores (about half a
    /// megabyte each: a part handed over as soon as it is spelled is hashed and copied from the
    /// core's cache, and parts waiting their turn stay a small part of memory).
    func factRowsParts(_ plan: FactRowsPlan, lines: Int = 8_000) -> [Range<Int>] {
        var parts: [Range<Int>] = [], start = 0, count = 0
        for (p, u) in plan.order.enumerated() {
            count += factRowsLines(plan, units: CollectionOfOne(u))
            if count >= lines { parts.append(start ..< p + 1); start = p + 1; count = 0 }
        }
        if start < plan.order.count || parts.isEmpty { parts.append(start ..< plan.order.count) }
        return parts
    }

    /// How many lines `units` (unit indices) have in `fact_rows.csv`, the header aside.
    func factRowsLines<C: Collection>(_ plan: FactRowsPlan, units: C) -> Int where C.Element == Int {
        var count = 0
        for u in units {
            for (_, rows) in plan.traced where rows.total[u] > 0 { count += rows.listed[u].count + (rows.more(u) > 0 ? 1 : 0) }
        }
        return count
    }

    /// The lines of `fact_rows.csv` for the units at positions `positions` of `plan.order` (with
    /// the header when they start at the first), appended to `w`; `drain` is called after each
    /// unit once `w` holds a megabyte or more, to take the bytes away.
    func factRowsCSV(_ plan: FactRowsPlan, units positions: Range<Int>, into w: inout CSVBytes,
                     drain: (inout CSVBytes) throws -> Void) rethrows {
        // Up to units × facts × 51 lines (51 MB for 6,000 units and a million points): written as
        // bytes, each layer's constant cells quoted once, to keep it a small part of a run.
        if positions.lowerBound == 0 {
            for (k, h) in ["unit_id", "fact", "n", "layer", "file", "line", "record", "id_field", "row_id",
                           "date", "value", "rows_total", "note"].enumerated() { w.text(h, first: k == 0) }
            w.endRow()
        }
        let units = project.units
        let traced = plan.traced, sources = plan.sources
        // Per row only what changes is spelled: the cells shared by a unit's rows of one fact
        // (unit, fact; count, note) and by a layer's rows (layer, file) are bytes made once.
        var dates: [Int: [UInt8]] = [:]
        // The layer and file cells of each fact's rows, by the bits of the file name's `String`:
        // a table typed in blocks on several cores gives each block its own copy of the name, so
        // a unit's rows, scattered over the blocks, rarely share the bits of the row before
        // (spelled again for nearly every row: 12 ms of quoting at 6,000 units).
        var fileCellsByName = [FileCells](repeating: FileCells(), count: traced.count)
        var places: [RowPlace] = []
        let scratch = RowScratch()
        for u in plan.order[positions] {
            let id = CSVBytes.quoted(units.ids[u].rawValue)
            for (f, (fact, rows)) in traced.enumerated() where rows.total[u] > 0 {
                let source = sources[rows.layer ?? ""]!
                let total = String(rows.total[u])
                let head = Array((id + "," + fact).utf8), tail = Array(",\(total),\n".utf8)
                // The rows' places first, in a pass of loads that do not wait on one another: the
                // features lie scattered over a layer of a million rows, and nearly every one is
                // a cache miss, which such loads overlap (spelling each row between them did not).
                let listed = rows.listed[u]
                let idField = source.quotedIDField
                source.places(of: listed, into: &places)
                var lastFileName: RowPlace.NameBits?, fileCells: [UInt8] = []
                for (k, row) in listed.enumerated() {
                    let place = places[k]
                    // Same name bits, same file name: its cells are those of the previous row.
                    if place.fileName != lastFileName {
                        lastFileName = place.fileName
                        fileCells = fileCellsByName[f].cells(place.fileName) {
                            Array(("," + source.quotedLayer + "," + CSVBytes.quoted(source.location(row.feature).file)).utf8)
                        }
                    }
                    // The cells that are not numbers (numbers never need quotes: they go in raw).
                    let rowID = source.id(row.feature).map(CSVBytes.quoted)
                    let date = source.date(row.feature).map { d in
                        if let cells = dates[d.daysSinceEpoch] { return cells }
                        let cells = Array(("," + CSVBytes.quoted(d.description)).utf8)
                        dates[d.daysSinceEpoch] = cells
                        return cells
                    }
                    let whole = CSVCursor.whole(row.value)
                    let value = whole == nil ? NumberText.full(row.value) : ""
                    let room = head.count + fileCells.count + idField.utf8.count + (rowID?.utf8.count ?? 0)
                        + (date?.count ?? 0) + value.utf8.count + tail.count + 4 * CSVCursor.integerBytes + 4
                    var c = scratch.cursor(room: room)
                    c.bytes(head); c.integer(k + 1)
                    c.bytes(fileCells); c.integer(place.line); c.integer(place.record)
                    if let rowID { c.byte(44); c.text(idField); c.byte(44); c.text(rowID) } else { c.byte(44); c.byte(44) }
                    if let date { c.bytes(date) } else { c.byte(44) }
                    if let whole { c.integer(whole) } else { c.byte(44); c.text(value) }
                    c.bytes(tail)
                    scratch.append(upTo: c, to: &w)
                }
                let more = rows.more(u)
                if more > 0 {
                    w.raw(id, first: true); w.raw(fact); w.text(""); w.raw(source.quotedLayer)
                    for _ in 0 ..< 6 { w.text("") }
                    w.text(NumberText.full(rows.restSum[u])); w.text(total)
                    w.text("… and \(more) more row\(more == 1 ? "" : "s") (value: their total)")
                    w.endRow()
                }
            }
            if w.bytes.count >= 1 << 20 { try drain(&w) }
        }
    }

    /// The first `count` rows behind a unit's fact, in listing order (largest contribution first).
    public func topRows(unit u: Int, fact: String, count: Int) -> (rows: [(reference: RowReference, value: Double)], total: Int)? {
        guard let rows = factRows[fact], u < rows.total.count, rows.total[u] > 0 else { return nil }
        let source = rowSource(layer: rows.layer)
        return (rows.listed[u].prefix(count).map { (source.reference($0.feature), $0.value) }, rows.total[u])
    }

    /// Where the rows of a layer (or the units, for facts about the units) are, and which of
    /// their columns hold the id and the date.
    func rowSource(layer name: String?) -> RowSource {
        guard let name, let bound = project.layers.first(where: { $0.name == name }) else {
            return RowSource(layerName: "units", units: project.units, idField: project.manifest.units.id.name)
        }
        let layer = bound.layer
        let idColumn = rowIDColumn(layer: layer, spec: project.manifest.layer(named: name))
        return RowSource(layerName: name, layer: layer, idColumn: idColumn,
                         dateColumn: bound.roles.dateField.flatMap { layer.fieldIndex($0) },
                         idField: idColumn.map { layer.fields[$0].name })
    }

    /// The manifest's `id` column of the layer, else the first automatic id column the layer has.
    func rowIDColumn(layer: Layer, spec: LayerSpec?) -> Int? {
        if let id = spec?.id, let i = layer.fieldIndex(id.name) { return i }
        return Self.automaticIDColumns.lazy.compactMap { layer.fieldIndex($0) }.first
    }
}

extension RunRecord {
    /// The bounds an indicator's normalisation used, for the report's method table:
    /// `min 0 · max 5.2 over 922 units` (transformed values), or `mean … · sd …`.
    func boundsText(_ indicator: String) -> String {
        guard let b = result.normalisationBounds.first(where: { $0.indicator == indicator }) else { return "" }
        var parts: [String] = []
        if let v = b.min { parts.append("min \(NumberText.readable(v))") }
        if let v = b.max { parts.append("max \(NumberText.readable(v))") }
        if let v = b.mean { parts.append("mean \(NumberText.readable(v))") }
        if let v = b.sd { parts.append("sd \(NumberText.readable(v))") }
        let over = "\(b.count) unit\(b.count == 1 ? "" : "s") with a value"
        return parts.isEmpty ? over : parts.joined(separator: " · ") + " over " + over
    }
}

/// The rows of one layer, or the units' own records, as `fact_rows.csv` and the explanations cite them.
struct RowSource {
    let layerName: String
    /// The layer's features; empty for the units, whose rows are their boundary records.
    let features: Features
    let unitLocations: [SourceLocation]
    let unitIDs: [UnitID]
    let idColumn: Int?
    let dateColumn: Int?
    let idField: String?
    let quotedLayer: String
    let quotedIDField: String

    init(layerName: String, layer: Layer? = nil, units: UnitSet? = nil, idColumn: Int? = nil, dateColumn: Int? = nil, idField: String?) {
        self.layerName = layerName; features = layer?.features ?? []
        unitLocations = layer == nil ? units?.locations ?? [] : []; unitIDs = layer == nil ? units?.ids ?? [] : []
        self.idColumn = idColumn; self.dateColumn = dateColumn; self.idField = idField
        quotedLayer = CSVBytes.quoted(layerName); quotedIDField = CSVBytes.quoted(idField ?? "")
    }

    private var isUnits: Bool { !unitIDs.isEmpty }
    private func cell(_ r: Int, _ c: Int?) -> Value? {
        guard let c, !isUnits else { return nil }
        return features.cell(r, c)
    }
    func location(_ r: Int) -> SourceLocation { isUnits ? unitLocations[r] : features.location(r) }

    /// The line, record and file name's bits of each row of `listed`, into `out` (replaced):
    /// read through pointers, so that no row's file name is retained and released. Both cores
    /// spell `fact_rows.csv` at once, and every feature of a layer shares one file name: counting
    /// its references from both was most of the time of this pass, and stopped its loads (cache
    /// misses, a million features) from overlapping. Written straight into the new array's
    /// storage, in a loop of a few instructions a row: appending (a capacity and a uniqueness
    /// check a row) left the core room for only a few of those loads in flight at once.
    func places(of listed: [FactRows.Row], into out: inout [RowPlace]) {
        out = listed.withUnsafeBufferPointer { rows in
            Array(unsafeUninitializedCapacity: rows.count) { places, count in
                if isUnits {
                    unitLocations.withUnsafeBufferPointer { locations in
                        for (k, row) in rows.enumerated() { (places.baseAddress! + k).initialize(to: RowPlace(locations[checked: row.feature])) }
                    }
                } else if let table = features.table {
                    // A table's rows: one file name for all, a line each.
                    let name = RowPlace.bits(of: table.file)
                    for (k, row) in rows.enumerated() {
                        (places.baseAddress! + k).initialize(to: RowPlace(line: table.line(row.feature), record: nil, fileName: name))
                    }
                } else {
                    _ = features.withList { features in
                        let location = MemoryLayout<Feature>.offset(of: \Feature.location)!
                        for (k, row) in rows.enumerated() {
                            let feature = UnsafeRawPointer(features.baseAddress!) + features.index(checked: row.feature) * MemoryLayout<Feature>.stride
                            (places.baseAddress! + k).initialize(to: RowPlace((feature + location).assumingMemoryBound(to: SourceLocation.self)))
                        }
                    }
                }
                count = rows.count
            }
        }
    }
    func id(_ r: Int) -> String? { isUnits ? unitIDs[r].rawValue : cell(r, idColumn)?.text }
    func date(_ r: Int) -> ISODate? { if case .date(let d)? = cell(r, dateColumn) { return d } else { return nil } }
    func reference(_ r: Int) -> RowReference {
        let id = id(r)
        return RowReference(location: location(r), idField: id == nil ? nil : idField, id: id, date: date(r))
    }
}

/// The layer and file cells of one fact's rows, by the bits of their file name's `String`, in a
/// small table indexed by a multiplicative hash of the bits (a dictionary's hashing cost as much
/// as the spelling it saved); a slot taken by other bits is spelled again and replaced. Bits stand
/// for one name while the strings holding them live: those of the features, for the whole run.
struct FileCells {
    private var slots = [(name: RowPlace.NameBits, cells: [UInt8])?](repeating: nil, count: 256)

    mutating func cells(_ name: RowPlace.NameBits, spelled: () -> [UInt8]) -> [UInt8] {
        let slot = Int(truncatingIfNeeded: ((name.low ^ name.high) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        if let entry = slots[slot], entry.name == name { return entry.cells }
        let cells = spelled()
        slots[slot] = (name, cells)
        return cells
    }
}

/// Where a row of `fact_rows.csv` is: its line and record, and its file name as the bits of its
/// `String` (equal bits: the same name, so the file's cells can be reused; different bits may
/// still be the same name, then spelled again, to the same bytes).
struct RowPlace {
    struct NameBits: Equatable { var low: UInt64, high: UInt64 }
    var line: Int?
    var record: Int?
    var fileName: NameBits

    init(line: Int?, record: Int?, fileName: NameBits) { self.line = line; self.record = record; self.fileName = fileName }

    /// The bits of `name` (equal for every copy of one `String`).
    static func bits(of name: String) -> NameBits {
        withUnsafeBytes(of: name) { $0.load(as: NameBits.self) }
    }

    init(_ location: UnsafePointer<SourceLocation>) {
        assert(MemoryLayout<String>.size == MemoryLayout<NameBits>.size)
        line = location.pointee.line; record = location.pointee.record
        fileName = UnsafeRawPointer(location).load(fromByteOffset: MemoryLayout<SourceLocation>.offset(of: \SourceLocation.file)!, as: NameBits.self)
    }
}

private extension UnsafeBufferPointer {
    /// `i`, trapping when it is out of bounds, as an array's subscript does.
    func index(checked i: Int) -> Int {
        precondition(indices.contains(i), "row \(i) is not in the layer")
        return i
    }

    subscript(checked i: Int) -> UnsafePointer<Element> { baseAddress! + index(checked: i) }
}
