/// Decides the day/month order of a column's numeric dates (`03/04/2020`) from its values, the way a
/// person would: a value with a part above 12 proves the order, and the whole column is read in it.
/// A column with no such value, or with values proving both orders, is not decided: the caller
/// stops and asks for `date_format`, because reading it either way could swap every date.
public enum DateColumnOrder: Equatable, Sendable {
    /// No numeric value in the column (ISO, named months…): no order is needed.
    case notNeeded
    /// `example` (at `line`) proves the order.
    case proven(DateOrder, example: String, line: Int)
    /// Every numeric value has day and month ≤ 12; `example` is the first.
    case undecidable(example: String, line: Int, count: Int)
    /// Some values prove day first, others month first.
    case contradictory(dayFirst: String, dayFirstLine: Int, monthFirst: String, monthFirstLine: Int)

    /// `values`: each distinct cell text with the line it first appears on, in file order.
    public static func detect(_ values: [(text: String, line: Int)]) -> DateColumnOrder {
        var dayFirst: (String, Int)?, monthFirst: (String, Int)?, firstAmbiguous: (String, Int)?
        var ambiguous = 0
        for (text, line) in values {
            let s = DateSpelling(text)
            // Both parts above 12 is no date in either order: the row is reported as a bad date.
            guard case .numeric(let a, let b, _) = s, a <= 12 || b <= 12 else { continue }
            switch s.provenOrder {
            case .dayFirst?: if dayFirst == nil { dayFirst = (text, line) }
            case .monthFirst?: if monthFirst == nil { monthFirst = (text, line) }
            case nil:
                ambiguous += 1
                if firstAmbiguous == nil { firstAmbiguous = (text, line) }
            }
        }
        switch (dayFirst, monthFirst) {
        case let (d?, m?): return .contradictory(dayFirst: d.0, dayFirstLine: d.1, monthFirst: m.0, monthFirstLine: m.1)
        case let (d?, nil): return .proven(.dayFirst, example: d.0, line: d.1)
        case let (nil, m?): return .proven(.monthFirst, example: m.0, line: m.1)
        case (nil, nil):
            guard let a = firstAmbiguous else { return .notNeeded }
            return .undecidable(example: a.0, line: a.1, count: ambiguous)
        }
    }
}
