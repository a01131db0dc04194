import Domain

/// The units being ranked (groupements, communes, territoires), in a fixed order: every fact is
/// one value per unit in this order. Ids are unique; a unit may have no shape (known only by name
/// in a table), in which case spatial facts about it are nil.
public struct UnitSet: Sendable {
    public let ids: [UnitID]
    public let names: [String]
    /// The id of the unit's parent (a territoire's p-code for a groupement), when known.
    public let parents: [UnitID?]
    public let polygons: [[Polygon]]
    /// People living in the unit; nil when unknown (never read as zero).
    public let population: [Double?]
    /// The unit's own attributes (from its boundary file), for `attribute(field)` facts.
    public let fields: [FieldSchema]
    public let attributes: [[Value]]
    /// Where each unit came from, for messages.
    public let locations: [SourceLocation]

    private let indexByID: [UnitID: Int]
    /// Unit indices sorted by id: the order that breaks ties on shared borders.
    public let idOrder: [Int]

    public init(ids: [UnitID], names: [String], parents: [UnitID?], polygons: [[Polygon]],
                population: [Double?], fields: [FieldSchema] = [], attributes: [[Value]]? = nil,
                locations: [SourceLocation]? = nil) throws {
        let n = ids.count
        guard names.count == n, parents.count == n, polygons.count == n, population.count == n,
              attributes.map({ $0.count == n }) ?? true, locations.map({ $0.count == n }) ?? true else {
            throw TargetingError("units: ids, names, parents, polygons and population must have one entry per unit (\(n) ids)")
        }
        var index: [UnitID: Int] = [:]
        for (i, id) in ids.enumerated() {
            if let j = index[id] {
                let where_ = locations.map { " (\($0[j]) and \($0[i]))" } ?? ""
                throw TargetingError("unit id \(id) appears twice\(where_)", hint: "unit ids must be unique; check the id field mapping")
            }
            index[id] = i
        }
        self.ids = ids; self.names = names; self.parents = parents; self.polygons = polygons
        self.population = population; self.fields = fields
        self.attributes = attributes ?? Array(repeating: [], count: n)
        self.locations = locations ?? ids.map { SourceLocation(file: "unit \($0)") }
        self.indexByID = index
        self.idOrder = (0 ..< n).sorted { ids[$0] < ids[$1] }
    }

    /// Units from a boundary layer: the id, name, parent and population fields named by the
    /// manifest. Features without polygons are kept (shape-less units) and reported; a blank id is
    /// an error (a unit cannot be referred to without one).
    public static func from(_ layer: Layer, idField: String, nameField: String, parentField: String?,
                            populationField: String?) throws -> (units: UnitSet, diagnostics: [Diagnostic]) {
        func field(_ name: String) throws -> Int {
            guard let i = layer.fieldIndex(name) else {
                throw TargetingError("\(layer.path): no field \(name)", hint: "fields are: \(layer.fields.map(\.name).joined(separator: ", "))")
            }
            return i
        }
        let idI = try field(idField), nameI = try field(nameField)
        let parentI = try parentField.map(field), popI = try populationField.map(field)
        var ids: [UnitID] = [], names: [String] = [], parents: [UnitID?] = [], polys: [[Polygon]] = []
        var pops: [Double?] = [], attrs: [[Value]] = [], locs: [SourceLocation] = []
        var diagnostics: [Diagnostic] = []
        for f in layer.features {
            guard let idText = f.values[idI].text.flatMap(PCode.init) else {
                throw TargetingError("the unit has no id in field \(idField)", at: f.location, hint: "every boundary must carry its p-code")
            }
            ids.append(UnitID(idText.rawValue))
            names.append(f.values[nameI].text ?? "")
            parents.append(parentI.flatMap { f.values[$0].text.flatMap(PCode.init) }.map { UnitID($0.rawValue) })
            if case .polygons(let ps)? = f.shape { polys.append(ps) } else {
                polys.append([])
                diagnostics.append(Diagnostic(.warning, f.location, code: .unitWithoutPolygon,
                    "unit \(idText) has no polygon: spatial facts about it are left empty",
                    hint: "repair or supply its boundary"))
            }
            var pop: Double? = nil
            if let p = popI {
                switch NumberRead(f.values[p]) {
                case .number(let d) where d >= 0: pop = d
                case .number(let d):
                    diagnostics.append(Diagnostic(.warning, f.location, code: .badPopulation, "unit \(idText) has a negative population \(d): treated as unknown"))
                case .null:
                    diagnostics.append(Diagnostic(.warning, f.location, code: .missingPopulation, "unit \(idText) has no population: per-head facts are left empty"))
                case .bad(let text):
                    diagnostics.append(Diagnostic(.warning, f.location, code: .badPopulation, "unit \(idText) has a population that is not a number (\(text)): treated as unknown"))
                }
            }
            pops.append(pop); attrs.append(Array(f.values)); locs.append(f.location)
        }
        let units = try UnitSet(ids: ids, names: names, parents: parents, polygons: polys, population: pops,
                                fields: layer.fields, attributes: attrs, locations: locs)
        return (units, diagnostics)
    }

    public var count: Int { ids.count }
    public func index(of id: UnitID) -> Int? { indexByID[id] }
}

