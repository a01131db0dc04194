import Domain

/// Windows of one measure (same layer, aggregate, field and filters) used side by side in one
/// criterion are meant to split a period, as "past" and "recent" conflict events do: a gap between
/// them drops the rows dated in it, an overlap counts them twice. Either is a warning naming both.
enum WindowCheck {
    static func warnings(_ score: CriterionMethod, facts: [FactDecl]) -> [Diagnostic] {
        let byName = Dictionary(facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Diagnostic] = []
        for c in score.criteria {
            let windowed = c.children.compactMap { node -> FactDecl? in
                guard case .indicator(let i) = node, let f = i.fact.flatMap({ byName[$0] }), f.from != nil || f.to != nil else { return nil }
                return f
            }
            let groups = Dictionary(grouping: windowed, by: measure)
            for key in groups.keys.sorted() {
                let sorted = (groups[key] ?? []).sorted { ($0.from ?? Int.min, $0.to ?? Int.max, $0.name) < ($1.from ?? Int.min, $1.to ?? Int.max, $1.name) }
                for (a, b) in zip(sorted, sorted.dropFirst()) {
                    if let w = warning(c.name, a, b) { out.append(w) }
                }
            }
        }
        return out
    }

    /// What makes two facts the same measure over different periods.
    static func measure(_ f: FactDecl) -> String {
        let filters = f.filters.map { flt in
            flt.field + flt.op + flt.values.map { v in v.text ?? v.date ?? v.number.map { "\($0)" } ?? v.bool.map { "\($0)" } ?? "" }.joined(separator: "|")
        }
        return [f.layer ?? "", f.kind, f.field ?? "", f.km.map { "\($0)" } ?? ""].joined(separator: "/") + "/" + filters.joined(separator: "&")
    }

    static func warning(_ criterion: String, _ a: FactDecl, _ b: FactDecl) -> Diagnostic? {
        func day(_ d: Int?) -> String { d.map { ISODate(daysSinceEpoch: $0).description } ?? "…" }
        func span(_ f: FactDecl) -> String { "\(f.name) (\(f.where), \(day(f.from)) to \(day(f.to)))" }
        let aEnd = a.to ?? Int.max, bStart = b.from ?? Int.min
        let pair = "criterion \(criterion): the windows of \(span(a)) and \(span(b))"
        if aEnd != Int.max, bStart != Int.min, aEnd + 1 < bStart {
            let days = bStart - aEnd - 1
            return Diagnostic(.warning, MethodBuilder.location(b.where), code: .windowGap,
                              "\(pair) leave a gap of \(days) day\(days == 1 ? "" : "s"), \(day(aEnd + 1)) to \(day(bStart - 1)): rows dated then are counted in neither",
                              hint: "make one window end the day before the other starts (e.g. to = as_of - 180 and from = as_of - 179)")
        }
        if aEnd >= bStart {
            let end = min(aEnd, b.to ?? Int.max)
            let size = end == Int.max || bStart == Int.min ? "" : " by \(end - bStart + 1) day\(end == bStart ? "" : "s")"
            return Diagnostic(.warning, MethodBuilder.location(b.where), code: .windowOverlap,
                              "\(pair) overlap\(size), \(day(b.from)) to \(day(end == Int.max ? nil : end)): rows dated then are counted in both",
                              hint: "make one window end the day before the other starts")
        }
        return nil
    }
}
