import Domain
import Outputs

/// The data the report's script reads: one compact JSON object, columns rather than records (a
/// unit is an index into every column, in the order of the priority list), strings that repeat
/// (selection reasons, exclusions) stored once. Cards, the list and the map colours are built
/// from it in the browser, on demand, so the page holds the numbers once and no HTML per unit.
extension RunRecord {
    /// The map layers the report can switch between, each with its classes.
    struct ReportLayer {
        var key: String
        var title: String
        /// Upper bounds of each class except the last (values ≤ breaks[i] fall in class i).
        var breaks: [Double]
        /// Names of categorical classes (lowest first), or nil for numeric classes.
        var names: [String]?
        var colours: [String]
        /// The JSON column the values come from: "score", "crit:<k>", "cls", "psel".
        var source: String
        var value: (UnitOutcome) -> Double?

        /// The class of a unit's value, as one character (`0`–`9`, `a`–`z`; `.`: no value), so
        /// that the page colours every unit exactly as the static map does, from one short string.
        func classIndex(_ u: UnitOutcome) -> Int? {
            value(u).map { v in breaks.firstIndex { v <= $0 } ?? breaks.count }
        }

        func classCharacter(_ u: UnitOutcome) -> Character { classCharacter(value: value(u)) }

        func classCharacter(value: Double?) -> Character {
            guard let v = value else { return "." }
            return Self.classCharacters[min(breaks.firstIndex { v <= $0 } ?? breaks.count, 35)]
        }

        /// Made once, not once per unit and layer.
        static let classCharacters = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    }

    func reportLayers() -> [ReportLayer] {
        var out: [ReportLayer] = []
        func numeric(_ key: String, _ title: String, _ source: String, _ value: @escaping (UnitOutcome) -> Double?) {
            let breaks = ChoroplethMap.quantileBreaks(result.units.compactMap(value), classes: 5)
            out.append(ReportLayer(key: key, title: title, breaks: breaks, names: nil,
                                   colours: ColourRamp.viridis(steps: breaks.count + 1), source: source, value: value))
        }
        numeric("score", "Priority score", "score") { $0.score }
        for (k, c) in criteria.enumerated() {
            numeric("crit:\(c.name)", c.title.map { "\(c.name): \($0)" } ?? c.name, "crit:\(k)") { u in
                u.criterion(named: c.name, topLevel: true)?.value
            }
        }
        let labels = classLabels
        if !labels.isEmpty {
            let ordered = Array(labels.reversed())
            out.append(ReportLayer(key: "class", title: "Priority classes", breaks: (0..<(ordered.count - 1)).map { Double($0) + 0.5 },
                                   names: ordered, colours: ColourRamp.viridis(steps: ordered.count), source: "cls") { u in
                u.priorityClass.flatMap { ordered.firstIndex(of: $0) }.map(Double.init)
            })
        }
        if let a = result.uncertainty {
            out.append(ReportLayer(key: "p_selected", title: "p(selected): share of the \(a.settings.runs) uncertainty runs selecting the unit",
                                   breaks: [0.05, 0.5, 0.95],
                                   names: ["5% of runs or fewer", "over 5%, up to half", "over half, up to 95%", "over 95% of runs"],
                                   colours: ColourRamp.viridis(steps: 4), source: "psel") { u in a.units[u.id]?.pSelected })
        }
        return out
    }

    /// Class labels, highest priority first (as the rules list them).
    var classLabels: [String] {
        result.method.classes?.labels ?? Array(Set(result.units.compactMap(\.priorityClass))).sorted()
    }

    func reportDataJSON(layers: [ReportLayer]) -> String {
        typealias J = JSONText
        let units = result.units
        var strings: [String] = [], stringIndex: [String: Int] = [:]
        func intern(_ s: String) -> String {
            if let i = stringIndex[s] { return String(i) }
            stringIndex[s] = strings.count
            strings.append(s)
            return String(strings.count - 1)
        }
        func sparse(_ f: (UnitOutcome) -> String?) -> String {
            "{" + units.enumerated().compactMap { i, u in f(u).map { "\"\(i)\":\($0)" } }.joined(separator: ",") + "}"
        }
        // Parents: from the first level, with their own parent (e.g. the province) when known.
        var parentIDs: [UnitID] = [], parentIndex: [UnitID: Int] = [:]
        for u in units { if let p = u.parent, parentIndex[p] == nil { parentIndex[p] = 0; parentIDs.append(p) } }
        parentIDs.sort()
        for (k, p) in parentIDs.enumerated() { parentIndex[p] = k }
        let labels = classLabels
        var m: [(String, String)] = []
        m.append(("n", String(units.count)))
        m.append(("id", J.array(units) { J.string($0.id.rawValue) }))
        m.append(("name", J.array(units) { J.string($0.name) }))
        m.append(("parents", J.array(parentIDs) { J.array([$0.rawValue, parentName($0)], J.string) }))
        m.append(("parent", J.array(units) { u in u.parent.flatMap { parentIndex[$0] }.map(String.init) ?? "-1" }))
        m.append(("rank", J.array(units) { $0.rank.map(String.init) ?? "null" }))
        m.append(("rip", J.array(units) { $0.rankInParent.map(String.init) ?? "null" }))
        m.append(("score", J.numbers(units.lazy.map(\.score), places: 3)))
        m.append(("classes", J.array(labels, J.string)))
        m.append(("cls", J.array(units) { u in u.priorityClass.flatMap { labels.firstIndex(of: $0) }.map(String.init) ?? "-1" }))
        m.append(("sel", J.array(units) { $0.selected ? "1" : "0" }))
        m.append(("reason", J.array(units) { intern($0.selectionReason) }))
        m.append(("crit", J.array(criteria.map(\.name)) { name in
            J.object([("name", J.string(name)),
                      ("title", J.string(criteria.first { $0.name == name }?.title ?? "")),
                      ("v", J.numbers(units.lazy.map { u in u.criterion(named: name, topLevel: true)?.value }, places: 2)),
                      ("c", J.numbers(units.lazy.map { u in u.criterion(named: name, topLevel: true)?.contribution }, places: 2))])
        }))
        // Indicators: the raw value is the fact's when the indicator reads one fact unchanged
        // (the card shows it from the facts), else its own column.
        let factIndex = Dictionary(facts.enumerated().map { ($1.spec.name, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = units.map { project.units.index(of: $0.id) }
        let indicators = result.method.score.indicators
        // Each unit's indicators built once (an outcome builds them from the ranking's columns
        // when read), rather than once per indicator looked up by name.
        let unitIndicators = units.map(\.indicators)
        m.append(("ind", J.array(indicators) { ind in
            let outcome = unitIndicators.map { list in list.first { $0.name == ind.name } }
            var o: [(String, String)] = [("name", J.string(ind.name)), ("title", J.string(ind.title ?? "")),
                                         ("crit", J.string(outcome.lazy.compactMap { $0?.criterionPath.joined(separator: " / ") }.first ?? ""))]
            let fk = ind.fact.flatMap { factIndex[$0] }
            let sameAsFact = fk.map { fk in
                let values = facts[fk].values
                return zip(outcome, rows).allSatisfy { o, r in
                    let f = r.flatMap { values[$0] }
                    return o?.raw == f || (o?.raw == nil && f == nil)
                }
            } ?? false
            if let fk, sameAsFact { o.append(("fact", String(fk))) } else { o.append(("raw", J.facts(outcome.lazy.map { $0?.raw }))) }
            o.append(("norm", J.numbers(outcome.lazy.map { $0?.normalised }, places: 2)))
            o.append(("contrib", J.numbers(outcome.lazy.map { $0?.contribution }, places: 2)))
            return J.object(o)
        }))
        m.append(("facts", J.array(facts.indices) { k in
            let values = facts[k].values
            return J.object([("name", J.string(facts[k].spec.name)), ("desc", J.string(facts[k].spec.description)),
                             ("v", J.facts(rows.lazy.map { r in r.flatMap { values[$0] } }))])
        }))
        let indicatorPosition = Dictionary(indicators.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        m.append(("drivers", J.array(units) { u in J.array(u.drivers.compactMap { indicatorPosition[$0] }, String.init) }))
        m.append(("excl", sparse { u in u.exclusions.isEmpty ? nil : J.array(u.exclusions) { intern($0) } }))
        m.append(("override", sparse { u in u.override.map { intern($0) } }))
        m.append(("missing", sparse { u in u.missing.isEmpty ? nil : J.array(u.missing) { intern($0) } }))
        m.append(("flags", sparse { u in u.flags.isEmpty ? nil : J.array(u.flags) { intern($0) } }))
        m.append(("cost", sparse { u in u.cost.map { J.fact($0) } }))
        m.append(("rows", sparse { u in
            let lines = rowLines(u)
            return lines.isEmpty ? nil : J.array(lines, J.string)
        }))
        if let a = result.uncertainty {
            m.append(("unc", J.object([
                ("runs", String(a.settings.runs)),
                ("p05", J.array(units) { a.units[$0.id].map { String($0.p05) } ?? "null" }),
                ("p50", J.array(units) { a.units[$0.id].map { String($0.median) } ?? "null" }),
                ("p95", J.array(units) { a.units[$0.id].map { String($0.p95) } ?? "null" }),
                ("psel", J.numbers(units.lazy.map { a.units[$0.id]?.pSelected }, places: 3))])))
        }
        m.append(("layers", J.array(layers) { l in
            // Each unit's value found once for the layer (for a criterion, a search by name).
            let values = units.map(l.value)
            let present = values.compactMap { $0 }
            return J.object([("key", J.string(l.key)), ("title", J.string(l.title)), ("src", J.string(l.source)),
                             ("breaks", J.array(l.breaks) { J.number($0, places: 6) }),
                             ("names", l.names.map { J.array($0, J.string) } ?? "null"),
                             ("colours", J.array(l.colours, J.string)),
                             ("min", J.number(present.min(), places: 6)),
                             ("max", J.number(present.max(), places: 6)),
                             ("k", J.string(String(values.map { l.classCharacter(value: $0) })))])
        }))
        m.append(("explainedRowsRank", String(Self.explainedRowsRank)))
        m.append(("strings", J.array(strings, J.string)))
        return J.object(m)
    }
}
