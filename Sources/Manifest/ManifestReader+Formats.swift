import Domain

/// The keys that state how a layer writes its values, so that nothing is guessed: `decimal`
/// (`"."` or `","`), `date_format` (`"DD/MM/YYYY"`, `"MM/DD/YYYY"`, `"YYYY-MM-DD"`, `"D Month YYYY"`,
/// `"YYYYMMDD"`) and `missing` (the cell texts meaning "no value", e.g. `["n/a", "NA", "-"]`).
/// `decimal` and `missing` are about CSV cells; a shapefile's DBF types its own numbers.
extension ManifestReader {
    func readFormatKeys(_ t: TOMLTable, into spec: inout LayerSpec) throws {
        let label = "layers.\(spec.name)"
        if let d = try optionalString(t, "decimal", in: "[\(label)]") {
            guard let mark = DecimalMark(rawValue: d.value.trimmingCharacters(in: .whitespaces)) else {
                throw error("[\(label)] decimal = \"\(d.value)\" is not a decimal mark", line: d.line,
                            hint: "use decimal = \".\" (12.5) or decimal = \",\" (12,5)")
            }
            try requireCSV(spec, key: "decimal", line: d.line)
            spec.decimal = mark
        }
        if let f = try optionalString(t, "date_format", in: "[\(label)]") {
            guard let format = DateFormat(stated: f.value) else {
                throw error("[\(label)] date_format = \"\(f.value)\" is not a date format this program reads", line: f.line,
                            hint: "use one of: " + DateFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            spec.dateFormat = format
        }
        if let e = t["missing"] {
            guard case .array(let items) = e.value else {
                throw error("[\(label)] missing: expected an array of cell texts such as [\"n/a\", \"NA\", \"-\"], found \(describe(e.value))",
                            line: e.line, hint: "write missing = [\"n/a\", \"NA\", \"-\"] (an empty cell is always missing)")
            }
            var tokens: [String] = []
            for item in items {
                guard case .string(let s) = item.value else {
                    throw error("[\(label)] missing: expected cell texts (strings), found \(describe(item.value))", line: item.line,
                                hint: "put each value in quotes, e.g. missing = [\"-999\"]")
                }
                tokens.append(s)
            }
            try requireCSV(spec, key: "missing", line: e.line)
            spec.missing = tokens
        }
    }

    private func requireCSV(_ spec: LayerSpec, key: String, line: Int) throws {
        guard spec.isCSV else {
            throw error("[layers.\(spec.name)] \(key) is only read for CSV files and .xlsx sheets; " + (spec.format == .shapefile ? "a shapefile's numbers and empty values are typed by its DBF" : "a \(spec.format?.title ?? "layer") types its own numbers and empty values"),
                        line: line, hint: "remove this line")
        }
    }
}
