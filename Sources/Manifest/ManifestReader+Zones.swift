import Domain

/// The keys that tie a table to a zone layer (`zones`) and say how a zone layer is apportioned
/// (`apportion`, `population_points`, `population_field`), and the checks across layers: the
/// named layer exists and has the right kind.
extension ManifestReader {
    static let apportionMethods = ["area", "population"]

    /// Reads the zone keys of one layer (the key lists per kind already refused them elsewhere).
    func readZoneKeys(_ t: TOMLTable, into spec: inout LayerSpec) throws {
        let label = "layers.\(spec.name)"
        if let z = try optionalString(t, "zones", in: "[\(label)]") {
            guard !z.value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw error("[\(label)] zones is empty: name the polygon layer whose ids the key holds", line: z.line,
                            hint: "e.g. zones = \"health_zones\"")
            }
            if let p = spec.parent {
                throw error("[\(label)] parent cannot be used with zones: rows are joined to the zones by code only", line: p.line,
                            hint: "remove parent = \"\(p.name)\"")
            }
            spec.zones = ZoneReference(layer: z.value, line: z.line)
        }
        guard spec.kind == .polygons else { return }
        let method = try optionalString(t, "apportion", in: "[\(label)]")
        let points = try optionalString(t, "population_points", in: "[\(label)]")
        let field = try optionalString(t, "population_field", in: "[\(label)]")
        switch method?.value ?? "area" {
        case "area":
            if let extra = points ?? field {
                throw error("[\(label)] population_points and population_field are only used with apportion = \"population\"",
                            line: extra.line, hint: "add apportion = \"population\", or remove this line")
            }
            spec.apportion = .area
        case "population":
            let line = method?.line ?? t.line
            guard let points, !points.value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw error("[\(label)] apportion = \"population\" needs population_points: the points layer (villages) holding population",
                            line: points?.line ?? line, hint: "add population_points = \"villages\"")
            }
            guard let field, !field.value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw error("[\(label)] apportion = \"population\" needs population_field: the population column of layer '\(points.value)'",
                            line: field?.line ?? line, hint: "add population_field = \"population\"")
            }
            spec.apportion = .population(PopulationPoints(layer: points.value, layerLine: points.line,
                                                          field: field.value, fieldLine: field.line))
        default:
            let written = method?.value ?? ""
            let near = EditDistance.nearest(to: written, among: Self.apportionMethods)
            throw error("[\(label)] apportion = \"\(written)\" is not one of: area, population", line: method?.line ?? t.line,
                        hint: near.map { "did you mean \"\($0)\"?" } ?? "area shares by geodesic area, population by the population of points")
        }
    }

    /// Every layer a `zones` or `population_points` names must exist and be of the right kind.
    func checkZoneLinks(_ layers: [LayerSpec]) throws {
        func find(_ name: String, line: Int, role: String, wanted: LayerKind, from label: String) throws -> LayerSpec {
            guard let target = layers.first(where: { $0.name == name }) else {
                let names = layers.map(\.name)
                let near = EditDistance.nearest(to: name, among: names)
                throw error("[\(label)] \(role) = \"\(name)\" names no layer of this manifest", line: line,
                            hint: near.map { "did you mean \"\($0)\"?" }
                                ?? "layers are: " + names.joined(separator: ", "))
            }
            guard target.kind == wanted else {
                throw error("[\(label)] \(role) = \"\(name)\" must name a kind = \"\(wanted.rawValue)\" layer, but [layers.\(name)] is kind = \"\(target.kind.rawValue)\"",
                            line: line, hint: "[layers.\(name)] is at line \(target.line)")
            }
            return target
        }
        for spec in layers {
            let label = "layers.\(spec.name)"
            if let z = spec.zones {
                let zone = try find(z.layer, line: z.line, role: "zones", wanted: .polygons, from: label)
                guard zone.id != nil else {
                    throw error("[\(label)] zones = \"\(z.layer)\" but [layers.\(z.layer)] has no id: the field holding each zone's code, which the key '\(spec.key?.name ?? "")' is matched against",
                                line: z.line, hint: "add id = \"<zone code field>\" under [layers.\(z.layer)] (line \(zone.line))")
                }
            }
            if case .population(let p)? = spec.apportion {
                _ = try find(p.layer, line: p.layerLine, role: "population_points", wanted: .points, from: label)
            }
        }
    }
}
