import Domain

/// `uncertainty { windows = { events_recent = { 90, 180, 365 } } }`: the facts whose window is
/// drawn per run, checked against the facts the rules declare. A window of N days ends where the
/// declared one ends. A fact of the same measure (layer, aggregate, filters) whose window ends the
/// day before the varied one starts ("past" beside "recent") moves with it, so that the two still
/// split the period in every run; `WindowCheck` would call anything else a gap or an overlap.
enum UncertainWindows {
    static func choices(_ requested: [UncertainWindowDecl], facts: [FactSpec], at loc: SourceLocation?) throws -> [WindowChoice] {
        let varied = Set(requested.map(\.fact))
        let byName = Dictionary(requested.map { ($0.fact, $0.days) }, uniquingKeysWith: { a, _ in a })
        let known = Set(facts.map(\.name))
        if let unknown = requested.first(where: { !known.contains($0.fact) }) {
            let windowed = facts.filter { $0.window?.to != nil }.map(\.name)
            throw TargetingError("uncertainty: windows.\(unknown.fact) names no fact", at: loc,
                                 hint: windowed.isEmpty ? "the rules declare no fact with a window (from = …, to = …)"
                                     : "facts with a window: \(windowed.joined(separator: ", "))")
        }
        var out: [WindowChoice] = []
        // In the order of the method's facts: the order runs draw them in.
        for fact in facts where varied.contains(fact.name) {
            guard let declared = fact.window, let end = declared.to, let days = byName[fact.name] else {
                throw TargetingError("uncertainty: windows.\(fact.name): fact \(fact.name) has no end date (to = …), and the alternative lengths end where its window ends",
                                     at: loc, hint: "give \(fact.name) a window such as from = as_of - 364, to = as_of")
            }
            var choice = WindowChoice(fact: fact.name, declared: declared, days: days)
            if let start = declared.from,
               let other = facts.first(where: { $0.name != fact.name && sameMeasure($0, fact) && $0.window?.to == start.adding(days: -1) }),
               let otherWindow = other.window {
                if varied.contains(other.name) {
                    throw TargetingError("uncertainty: windows.\(other.name): its window ends the day before that of \(fact.name) starts, so it follows \(fact.name)'s alternatives and cannot have its own",
                                         at: loc, hint: "leave windows.\(other.name) out, or windows.\(fact.name)")
                }
                if let otherStart = otherWindow.from, let longest = days.max(), end.adding(days: -(longest - 1)) <= otherStart {
                    throw TargetingError("uncertainty: windows.\(fact.name): \(longest) days to \(end) start on \(end.adding(days: -(longest - 1))), when the window of \(other.name) (which ends the day before) starts on \(otherStart): \(other.name) would count nothing",
                                         at: loc, hint: "use lengths of at most \(end - otherStart) days")
                }
                choice.adjoining = (other.name, otherWindow)
            }
            out.append(choice)
        }
        let combinations = out.reduce(1) { $0 * $1.days.count }
        if combinations > maxCombinations {
            throw TargetingError("uncertainty: windows give \(combinations) combinations of windows, and each is ranked once before the runs: at most \(maxCombinations)",
                                 at: loc, hint: "vary fewer facts' windows, or give each fewer lengths")
        }
        return out
    }

    /// Each combination of windows is a whole ranking (facts, rules, ranks) made before the runs.
    static let maxCombinations = 64

    /// The same count, sum or round over the same rows: only the dates differ.
    static func sameMeasure(_ a: FactSpec, _ b: FactSpec) -> Bool {
        a.layer == b.layer && a.aggregate == b.aggregate && a.filters == b.filters
    }
}
