import Domain

/// The fields of a table that say which unit a row is about.
public struct TableKeyFields: Sendable, Hashable {
    public var codeField: String?
    public var nameField: String?
    public var parentField: String?
    /// The layer's alias file, tried after the p-code and before the name.
    public var aliases: NameAliases?
    public init(codeField: String?, nameField: String?, parentField: String?, aliases: NameAliases? = nil) {
        self.codeField = codeField; self.nameField = nameField; self.parentField = parentField; self.aliases = aliases
    }
}

/// Joins table rows (DTM by groupement, say) to units: by p-code first (trimmed, upper-cased),
/// then by the layer's alias file (the code, then the name, as written), then by `NameKey` of the
/// row's name among the units of the same parent. A name that fits
/// several units is ambiguous and left out; a name that fits none is unmatched and reported with
/// its three nearest candidate names (`LooseName`) and an alias line to add. Every row ends up in exactly one list of the report, except
/// a row whose code names no unit, which is listed there too and then tried by name.
enum TableJoin {
    struct Result: Sendable {
        /// The unit index of each row, or -1 when the row joins no unit.
        var unitOfRow: [Int32]
        var report: JoinReport
    }

    static func join(_ layer: Layer, keys: TableKeyFields, to units: UnitSet) throws -> Result {
        func field(_ name: String?, _ role: String) throws -> Int? {
            guard let name else { return nil }
            let matches = layer.fieldMatches(name)
            guard let i = matches.first else {
                throw TargetingError("\(layer.path): the \(role) field \(name) is not in the table",
                                     hint: "columns are: \(layer.fields.map(\.name).joined(separator: ", "))")
            }
            guard matches.count == 1 else {
                let listed = matches.map { "'\(layer.fields[$0].name)' (column \($0 + 1))" }.joined(separator: " and ")
                throw TargetingError("\(layer.path): the \(role) field \(name) names \(matches.count) columns: \(listed)",
                                     hint: "name the column by its header instead of its tag, or remove the extra column")
            }
            return i
        }
        let codeI = try field(keys.codeField, "code"), nameI = try field(keys.nameField, "name")
        let parentI = try field(keys.parentField, "parent")
        guard codeI != nil || nameI != nil else {
            throw TargetingError("\(layer.path): a table joined to units needs a code field or a name field")
        }

        var byCode: [String: Int] = [:]
        for (i, id) in units.ids.enumerated() { byCode[PCode(id.rawValue)?.rawValue ?? id.rawValue] = i }
        let unitKeys = units.names.map(NameKey.init)
        var looseUnitNames: [LooseName] = []  // computed at the first row that joins no unit
        var nearestMemo: [String: [JoinReport.Candidate]] = [:]
        var byParentAndName: [String: [NameKey: [Int]]] = [:]
        var byParent: [String: [Int]] = [:]
        var byName: [NameKey: [Int]] = [:]
        for i in units.idOrder {
            let p = units.parents[i].flatMap { PCode($0.rawValue)?.rawValue } ?? ""
            byParentAndName[p, default: [:]][unitKeys[i], default: []].append(i)
            byParent[p, default: []].append(i)
            byName[unitKeys[i], default: []].append(i)
        }

        var unitOfRow = [Int32](repeating: -1, count: layer.features.count)
        var report = JoinReport(table: layer.path, rowCount: layer.features.count, matchedByCode: [], matchedByName: [],
                                ambiguous: [], unmatched: [], unknownCodes: [])
        report.aliasFile = keys.aliases?.file
        func aliased(_ written: String?) -> Int? {
            guard let written, let id = keys.aliases?.unit(for: written) else { return nil }
            return units.index(of: UnitID(id))
        }
        for (r, f) in layer.features.enumerated() {
            let loc = f.location.description
            let code = codeI.flatMap { f.values[$0].text }.flatMap(PCode.init)
            if let code, let u = byCode[code.rawValue] {
                unitOfRow[r] = Int32(u)
                report.matchedByCode.append(.init(location: loc, unit: units.ids[u].rawValue, written: code.rawValue))
                continue
            }
            // The code as written mapped by the alias file: not an unknown code any more.
            if let u = aliased(codeI.flatMap { f.values[$0].text }) {
                unitOfRow[r] = Int32(u)
                report.matchedByAlias.append(.init(location: loc, unit: units.ids[u].rawValue, written: codeI.flatMap { f.values[$0].text } ?? ""))
                continue
            }
            let rawName = nameI.flatMap { f.values[$0].text }?.trimmingCharacters(in: .whitespaces)
            let name = (rawName?.isEmpty ?? true) ? nil : rawName
            let parent = parentI.flatMap { f.values[$0].text }.flatMap(PCode.init)?.rawValue
            var resolved: Int? = nil
            defer {
                if let code { report.unknownCodes.append(.init(location: loc, code: code.rawValue, resolvedByName: resolved.map { units.ids[$0].rawValue })) }
            }
            guard let name else {
                report.unmatched.append(.init(location: loc, name: nil, parent: parent, candidates: [], candidatesScope: "none"))
                continue
            }
            if let u = aliased(name) {
                resolved = u
                unitOfRow[r] = Int32(u)
                report.matchedByAlias.append(.init(location: loc, unit: units.ids[u].rawValue, written: name))
                continue
            }
            let key = NameKey(name)
            // Without a parent field the whole set is one parent; with one, a blank parent matches nothing
            // by name, so that two homonyms in different territoires are never confused.
            let found: [Int]
            if parentI == nil { found = byName[key] ?? [] }
            else { found = parent.flatMap { byParentAndName[$0]?[key] } ?? [] }
            if found.count == 1 {
                resolved = found[0]
                unitOfRow[r] = Int32(found[0])
                report.matchedByName.append(.init(location: loc, unit: units.ids[found[0]].rawValue, written: name))
            } else if found.count > 1 {
                report.ambiguous.append(.init(location: loc, name: name, parent: parent, candidates: found.map { units.ids[$0].rawValue }))
            } else {
                let pool: [Int], scope: String
                if parentI != nil, let p = parent, let inParent = byParent[p], !inParent.isEmpty { pool = inParent; scope = "in \(p)" }
                else { pool = units.idOrder; scope = "among all units" }
                // One search per distinct name and scope: a table repeats its names round after round.
                let memoKey = key.rawValue + "\u{0}" + scope
                let nearest = nearestMemo[memoKey] ?? {
                    if looseUnitNames.isEmpty { looseUnitNames = units.names.map(LooseName.init) }
                    let loose = LooseName(name)
                    let found = pool.map { (d: loose.distance(to: looseUnitNames[$0]), i: $0) }
                        .sorted { ($0.d, units.ids[$0.i]) < ($1.d, units.ids[$1.i]) }
                        .prefix(3)
                        .map { JoinReport.Candidate(unit: units.ids[$0.i].rawValue, name: units.names[$0.i], editDistance: $0.d) }
                    nearestMemo[memoKey] = Array(found)
                    return Array(found)
                }()
                report.unmatched.append(.init(location: loc, name: name, parent: parent, candidates: nearest, candidatesScope: scope))
            }
        }
        report.aliasLines = JoinReport.aliasLines(for: report.unmatched)
        return Result(unitOfRow: unitOfRow, report: report)
    }
}
