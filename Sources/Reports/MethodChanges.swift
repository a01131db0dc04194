import Domain

/// One difference between two declared methods, in words ("weight of conflict 1 → 2"), with what
/// it concerns so that a unit's change of score can be traced back to it.
public struct MethodChange: Hashable, Sendable, CustomStringConvertible {
    public enum Subject: Hashable, Sendable {
        /// A criterion or indicator of the score tree; `parent` is the criterion it sits under
        /// (the score's own name for the top level).
        case node(name: String, parent: String)
        case fact(String)
        case gate(String)
        case override
        case selection
        case classes
        case flag(String)
    }
    public var subject: Subject
    public var text: String
    public var description: String { text }
}

/// Compares two methods declaration by declaration: the criteria tree (weights, aggregation,
/// missing-data policy, transforms, direction, scale, source), the facts (layer, aggregate,
/// filters, window), gates, overrides, flags, classes and selection rules. The order is stable:
/// score tree in B's declaration order (then what only A had), facts, gates, overrides, selection.
enum MethodChanges {
    /// - Parameter code: the two scripts' texts, to tell whether a rule function changed.
    static func compare(_ a: MethodDescription, _ b: MethodDescription,
                               code: RuleFunctionCode = RuleFunctionCode(scriptA: nil, scriptB: nil)) -> [MethodChange] {
        tree(a.score, b.score, code) + facts(a.facts, b.facts) + gates(a.gates, b.gates, code) + overrides(a.overrides, b.overrides, code)
            + flags(a.flags, b.flags, code) + classes(a.classes, b.classes) + selection(a.selection, b.selection, code)
    }

    // MARK: the score tree

    /// Every node under the score with the criterion it sits under, depth first.
    static func nodes(_ root: CriterionMethod) -> [(node: MethodNode, parent: String)] {
        root.children.flatMap { child -> [(node: MethodNode, parent: String)] in
            if case .criterion(let c) = child { return [(child, root.name)] + nodes(c) }
            return [(child, root.name)]
        }
    }

    static func tree(_ a: CriterionMethod, _ b: CriterionMethod, _ code: RuleFunctionCode) -> [MethodChange] {
        var out: [MethodChange] = []
        let nodesA = nodes(a), nodesB = nodes(b)
        let byNameA = Dictionary(nodesA.map { ($0.node.name, $0) }, uniquingKeysWith: { x, _ in x })
        let namesB = Set(nodesB.map(\.node.name))
        if a.aggregation != b.aggregation || a.shift != b.shift {
            out.append(.init(subject: .node(name: b.name, parent: b.name),
                             text: "score combines its criteria by \(aggregation(a)) → \(aggregation(b))"))
        }
        for (node, parent) in nodesB {
            let subject = MethodChange.Subject.node(name: node.name, parent: parent)
            guard let (old, oldParent) = byNameA[node.name] else {
                out.append(.init(subject: subject, text: "new \(kind(node)) \(node.name) under \(parent) (weight \(Value.format(node.weight)))"))
                continue
            }
            if oldParent != parent { out.append(.init(subject: subject, text: "\(node.name) moved from \(oldParent) to \(parent)")) }
            if old.weight != node.weight {
                out.append(.init(subject: subject, text: "weight of \(node.name) \(Value.format(old.weight)) → \(Value.format(node.weight))"))
            }
            switch (old, node) {
            case (.criterion(let x), .criterion(let y)):
                if x.aggregation != y.aggregation || x.shift != y.shift {
                    out.append(.init(subject: subject, text: "\(y.name) combines by \(aggregation(x)) → \(aggregation(y))"))
                }
                if x.missing != y.missing {
                    out.append(.init(subject: subject, text: "missing \(y.name): \(x.missing) → \(y.missing)"))
                }
            case (.indicator(let x), .indicator(let y)):
                out += indicator(x, y, subject: subject, code)
            default:
                out.append(.init(subject: subject, text: "\(node.name) was \(kind(old) == "criterion" ? "a criterion" : "an indicator"), now \(kind(node) == "criterion" ? "a criterion" : "an indicator")"))
            }
        }
        for (node, parent) in nodesA where !namesB.contains(node.name) {
            out.append(.init(subject: .node(name: node.name, parent: parent), text: "\(kind(node)) \(node.name) removed from \(parent)"))
        }
        return out
    }

    static func indicator(_ x: IndicatorMethod, _ y: IndicatorMethod, subject: MethodChange.Subject, _ code: RuleFunctionCode) -> [MethodChange] {
        var out: [MethodChange] = []
        if !code.sameSource(x.source, y.source) {
            let what = RuleFunctionCode.line(ofSource: x.source) != nil && RuleFunctionCode.line(ofSource: y.source) != nil
                ? "code of the value of \(y.name) changed (\(x.source) → \(y.source))" : "value of \(y.name): \(x.source) → \(y.source)"
            out.append(.init(subject: subject, text: what))
        }
        if x.transforms != y.transforms {
            out.append(.init(subject: subject, text: "transform of \(y.name) \(transforms(x.transforms)) → \(transforms(y.transforms))"))
        }
        if x.direction != y.direction {
            out.append(.init(subject: subject, text: "direction of \(y.name) \(x.direction.rawValue) → \(y.direction.rawValue)"))
        }
        if x.normalisation != y.normalisation {
            out.append(.init(subject: subject, text: "scale of \(y.name) \(x.normalisation) → \(y.normalisation)"))
        }
        return out
    }

    static func kind(_ node: MethodNode) -> String {
        if case .criterion = node { return "criterion" } else { return "indicator" }
    }

    static func aggregation(_ c: CriterionMethod) -> String {
        c.aggregation == .geometric && c.shift != 0 ? "geometric (shift \(Value.format(c.shift)))" : c.aggregation.rawValue
    }

    static func transforms(_ t: [IndicatorTransform]) -> String {
        t.isEmpty ? "none" : t.map(\.description).joined(separator: ", then ")
    }

    // MARK: facts, gates, overrides, flags, classes

    static func facts(_ a: [FactSpec], _ b: [FactSpec]) -> [MethodChange] {
        var out: [MethodChange] = []
        let old = Dictionary(a.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        let newNames = Set(b.map(\.name))
        for f in b {
            guard let o = old[f.name] else { out.append(.init(subject: .fact(f.name), text: "new fact \(f)")); continue }
            if o.window != f.window && o.layer == f.layer && o.aggregate == f.aggregate && o.filters == f.filters {
                out.append(.init(subject: .fact(f.name), text: "window of \(f.name) \(window(o.window)) → \(window(f.window))"))
            } else if o != f {
                out.append(.init(subject: .fact(f.name), text: "fact \(o) → \(f)"))
            }
        }
        for f in a where !newNames.contains(f.name) { out.append(.init(subject: .fact(f.name), text: "fact \(f.name) removed")) }
        return out
    }

    static func window(_ w: DateWindow?) -> String { w?.description ?? "all dates" }

    static func gates(_ a: [GateMethod], _ b: [GateMethod], _ code: RuleFunctionCode) -> [MethodChange] {
        var out: [MethodChange] = []
        let old = Dictionary(a.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        let newNames = Set(b.map(\.name))
        for g in b {
            guard let o = old[g.name] else { out.append(.init(subject: .gate(g.name), text: "new gate \(g.name) (\(g.reason))")); continue }
            if o.reason != g.reason { out.append(.init(subject: .gate(g.name), text: "gate \(g.name): reason \"\(o.reason)\" → \"\(g.reason)\"")) }
            if !code.same(lineA: o.location?.line, lineB: g.location?.line) {
                out.append(.init(subject: .gate(g.name), text: "code of gate \(g.name) changed (line \(o.location?.line ?? 0) → \(g.location?.line ?? 0))"))
            }
        }
        for g in a where !newNames.contains(g.name) { out.append(.init(subject: .gate(g.name), text: "gate \(g.name) removed (\(g.reason))")) }
        return out
    }

    static func overrides(_ a: [OverrideMethod], _ b: [OverrideMethod], _ code: RuleFunctionCode) -> [MethodChange] {
        func text(_ o: OverrideMethod) -> String {
            let who = o.rule.map { "by the rule at \($0)" } ?? o.units.map(\.rawValue).joined(separator: ", ")
            return "\(o.action.rawValue) \(who) (\(o.reason))"
        }
        // The same action, units and reason, and the same rule code (wherever each script has it).
        func same(_ x: OverrideMethod, _ y: OverrideMethod) -> Bool {
            x.action == y.action && x.units == y.units && x.reason == y.reason && (x.rule == nil) == (y.rule == nil)
                && code.same(lineA: x.rule?.line, lineB: y.rule?.line)
        }
        return b.filter { y in !a.contains { same($0, y) } }.map { .init(subject: .override, text: "new \(text($0))") }
            + a.filter { x in !b.contains { same(x, $0) } }.map { .init(subject: .override, text: "no longer \(text($0))") }
    }

    static func flags(_ a: [FlagMethod], _ b: [FlagMethod], _ code: RuleFunctionCode) -> [MethodChange] {
        let old = Set(a.map(\.name)), new = Set(b.map(\.name))
        let changed = b.filter { y in a.contains { $0.name == y.name && ($0.reason != y.reason || !code.same(lineA: $0.location?.line, lineB: y.location?.line)) } }
        return b.filter { !old.contains($0.name) }.map { .init(subject: .flag($0.name), text: "new flag \($0.name) (no effect on scores)") }
            + a.filter { !new.contains($0.name) }.map { .init(subject: .flag($0.name), text: "flag \($0.name) removed (no effect on scores)") }
            + changed.map { .init(subject: .flag($0.name), text: "flag \($0.name) changed (no effect on scores)") }
    }

    static func classes(_ a: ClassMethod?, _ b: ClassMethod?) -> [MethodChange] {
        func text(_ c: ClassMethod?) -> String {
            guard let c else { return "none" }
            switch c.kind {
            case .quantile: return "quantiles \(c.labels.joined(separator: "/"))"
            case .breaks(let b): return "breaks \(b.map(Value.format).joined(separator: "/")) for \(c.labels.joined(separator: "/"))"
            }
        }
        return a == b ? [] : [.init(subject: .classes, text: "priority classes \(text(a)) → \(text(b))")]
    }

    // MARK: selection

    static func selection(_ a: SelectionSettings, _ b: SelectionSettings, _ code: RuleFunctionCode) -> [MethodChange] {
        var out: [String] = []
        func limit(_ name: String, _ x: Double?, _ y: Double?) {
            if x != y { out.append("\(name) \(x.map(Value.format) ?? "none") → \(y.map(Value.format) ?? "none")") }
        }
        limit("top", a.top.map(Double.init), b.top.map(Double.init))
        limit("at most per parent", a.perParentMax.map(Double.init), b.perParentMax.map(Double.init))
        limit("at least per parent", a.perParentMin.map(Double.init), b.perParentMin.map(Double.init))
        let levels = (a.levelQuotas + b.levelQuotas).map(\.level).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for level in levels {
            limit("at most per \(level)", a.levelQuotas.first { $0.level == level }.map { Double($0.max) },
                  b.levelQuotas.first { $0.level == level }.map { Double($0.max) })
        }
        limit("budget", a.budget, b.budget)
        if !code.sameSource(a.costSource, b.costSource) { out.append("cost \(a.costSource ?? "none") → \(b.costSource ?? "none")") }
        func locks(_ name: String, _ x: [UnitID], _ y: [UnitID]) {
            let added = y.filter { !x.contains($0) }, dropped = x.filter { !y.contains($0) }
            if !added.isEmpty { out.append("\(name): \(added.map(\.rawValue).joined(separator: ", "))") }
            if !dropped.isEmpty { out.append("no longer \(name): \(dropped.map(\.rawValue).joined(separator: ", "))") }
        }
        locks("locked in", a.lockedIn, b.lockedIn)
        locks("locked out", a.lockedOut, b.lockedOut)
        return out.map { .init(subject: .selection, text: $0) }
    }
}
