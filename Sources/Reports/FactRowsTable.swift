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

    public func factRowsCSV() -> String {
        var w = CSVWriter(header: ["unit_id", "fact", "n", "layer", "file", "line", "record", "id_field", "row_id",
                                   "date", "value", "rows_total", "note"])
        let units = project.units
        let traced = facts.compactMap { f in factRows[f.spec.name].map { (f.spec.name, $0) } }
        let resolvers = Dictionary(traced.map { ($0.1.layer ?? "", rowResolver(layer: $0.1.layer)) }, uniquingKeysWith: { a, _ in a })
        for u in units.idOrder {
            let id = units.ids[u].rawValue
            for (fact, rows) in traced where rows.total[u] > 0 {
                let layer = rows.layer ?? "units"
                let resolve = resolvers[rows.layer ?? ""]!
                for (k, row) in rows.listed[u].enumerated() {
                    let ref = resolve(row.feature)
                    w.appendRow([id, fact, String(k + 1), layer, ref.location.file, ref.location.line.map(String.init) ?? "",
                                 ref.location.record.map(String.init) ?? "", ref.id == nil ? "" : ref.idField ?? "", ref.id ?? "",
                                 ref.date?.description ?? "", NumberText.full(row.value), String(rows.total[u]), ""])
                }
                let more = rows.more(u)
                if more > 0 {
                    w.appendRow([id, fact, "", layer, "", "", "", "", "", "", NumberText.full(rows.restSum[u]), String(rows.total[u]),
                                 "… and \(more) more row\(more == 1 ? "" : "s") (value: their total)"])
                }
            }
        }
        return w.text
    }

    /// The first `count` rows behind a unit's fact, in listing order (largest contribution first).
    public func topRows(unit u: Int, fact: String, count: Int) -> (rows: [(reference: RowReference, value: Double)], total: Int)? {
        guard let rows = factRows[fact], u < rows.total.count, rows.total[u] > 0 else { return nil }
        let resolve = rowResolver(layer: rows.layer)
        return (rows.listed[u].prefix(count).map { (resolve($0.feature), $0.value) }, rows.total[u])
    }

    /// Turns a feature index of a layer (or a unit index, for facts about the units) into a
    /// reference: its location, id and date.
    func rowResolver(layer name: String?) -> (Int) -> RowReference {
        let units = project.units
        guard let name, let bound = project.layers.first(where: { $0.name == name }) else {
            let idField = project.manifest.units.id.name
            return { u in RowReference(location: units.locations[u], idField: idField, id: units.ids[u].rawValue) }
        }
        let layer = bound.layer
        let idColumn = rowIDColumn(layer: layer, spec: project.manifest.layer(named: name))
        let dateColumn = bound.roles.dateField.flatMap { layer.fieldIndex($0) }
        return { r in
            let f = layer.features[r]
            func cell(_ c: Int?) -> Value? { c.flatMap { $0 < f.values.count ? f.values[$0] : nil } }
            var date: ISODate? = nil
            if case .date(let d)? = cell(dateColumn) { date = d }
            return RowReference(location: f.location, idField: idColumn.map { layer.fields[$0].name },
                                id: cell(idColumn)?.text, date: date)
        }
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
