/// Whether a numeric date such as `03/04/2020` puts the day or the month first. Nothing in the
/// value itself says so unless one part is above 12, so the order is stated (`date_format`) or
/// proved by the column's values, never assumed.
public enum DateOrder: String, Sendable, Equatable {
    case dayFirst = "DD/MM/YYYY"
    case monthFirst = "MM/DD/YYYY"
}

/// How a layer's dates are written, when the manifest states it (`date_format`).
public enum DateFormat: String, Sendable, Equatable, CaseIterable {
    case iso = "YYYY-MM-DD"
    case dayMonthYear = "DD/MM/YYYY"
    case monthDayYear = "MM/DD/YYYY"
    case dayMonthNameYear = "D Month YYYY"
    case compact = "YYYYMMDD"

    /// Reads a manifest spelling. The separator of the numeric forms is free (`DD-MM-YYYY`,
    /// `DD.MM.YYYY` name the same order) and case does not matter; nil for anything else.
    public init?(stated text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let numeric = t.replacingOccurrences(of: "-", with: "/").replacingOccurrences(of: ".", with: "/")
        switch numeric {
        case "YYYY/MM/DD": self = .iso
        case "DD/MM/YYYY", "D/M/YYYY": self = .dayMonthYear
        case "MM/DD/YYYY", "M/D/YYYY": self = .monthDayYear
        case "YYYYMMDD": self = .compact
        case "D MONTH YYYY", "DD MONTH YYYY", "D/MONTH/YYYY", "DD/MONTH/YYYY": self = .dayMonthNameYear
        default: return nil
        }
    }

    /// The day/month order this format gives numeric dates, if it is one of the two numeric forms.
    public var order: DateOrder? {
        switch self {
        case .dayMonthYear: return .dayFirst
        case .monthDayYear: return .monthFirst
        default: return nil
        }
    }
}

/// One date cell's spelling, classified before any day/month order is known:
/// - unambiguous: ISO `2020-12-31` (a time part `T…` or ` …` is ignored), compact `20201231`, or a
///   named month in any of ACLED's spellings (`31 December 2020`, `31-December-2020`, `31 Dec 2020`,
///   `December 31, 2020`) and French (`31 décembre 2020`);
/// - numeric: `A/B/YYYY` with `/`, `-` or `.` between the parts (an `HH:MM[:SS]` time after a space
///   is ignored), whose order is decided by the caller;
/// - unreadable: anything else, including two-digit years and `YYYY/MM/DD`.
public enum DateSpelling: Equatable, Sendable {
    case exact(ISODate)
    case numeric(first: Int, second: Int, year: Int)
    case unreadable

    public init(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = ISODate(iso: t) { self = .exact(d); return }
        let b = Array(t.utf8)
        if b.count == 8, let y = ISODate.digits(b[0..<4]), let m = ISODate.digits(b[4..<6]), let d = ISODate.digits(b[6..<8]) {
            self = ISODate(year: y, month: m, day: d).map { .exact($0) } ?? .unreadable; return
        }
        if let n = DateSpelling.numeric(t) { self = n; return }
        if let named = DateSpelling.namedMonth(t) { self = named; return }
        self = .unreadable
    }

    /// The date, reading a numeric spelling in `order`; nil when it is not a date in that order.
    public func date(order: DateOrder?) -> ISODate? {
        switch self {
        case .exact(let d): return d
        case .unreadable: return nil
        case .numeric(let a, let b, let y):
            guard let order else { return nil }
            return order == .dayFirst ? ISODate(year: y, month: b, day: a) : ISODate(year: y, month: a, day: b)
        }
    }

    /// The date spellings a column reads in `order`, for the message of a cell it cannot (CSV
    /// columns and shapefile/GDAL text fields alike).
    public static func accepted(order: DateOrder?) -> String {
        let numeric = order.map { $0 == .dayFirst ? ", 31/12/2020 (day first)" : ", 12/31/2020 (month first)" } ?? ""
        return "2020-12-31, 20201231, 31 December 2020" + numeric
    }

    /// The order a numeric value proves by itself: a first part above 12 can only be a day, and so
    /// can a second one. nil when both parts are ≤ 12 (or both above: then it is no date at all).
    public var provenOrder: DateOrder? {
        guard case .numeric(let a, let b, _) = self else { return nil }
        if a > 12, b <= 12 { return .dayFirst }
        if b > 12, a <= 12 { return .monthFirst }
        return nil
    }

    static func numeric(_ t: String) -> DateSpelling? {
        // An Excel export may add a time: `12/31/2020 0:00` or `31.12.2020 00:00:00`.
        var datePart = Substring(t)
        if let space = t.firstIndex(of: " ") {
            let time = t[t.index(after: space)...]
            guard DateSpelling.isTime(time) else { return nil }
            datePart = t[..<space]
        }
        guard let sep = datePart.first(where: { $0 == "/" || $0 == "-" || $0 == "." }) else { return nil }
        let parts = datePart.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let a = Int(parts[0]), let b = Int(parts[1]), let y = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return .numeric(first: a, second: b, year: y)
    }

    static func isTime(_ s: Substring) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return false }
        return parts.allSatisfy { p in (1...2).contains(p.count) && p.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// `31 December 2020`, `31-December-2020`, `31-Dec-2020`, `December 31, 2020`, `31 décembre 2020`.
    static func namedMonth(_ t: String) -> DateSpelling? {
        let words = t.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }).map(String.init)
        guard words.count == 3, words[2].count == 4, let y = Int(words[2]) else { return nil }
        if let d = Int(words[0]), let m = month(named: words[1]) {
            return ISODate(year: y, month: m, day: d).map { .exact($0) } ?? .unreadable
        }
        if let m = month(named: words[0]), let d = Int(words[1]) {
            return ISODate(year: y, month: m, day: d).map { .exact($0) } ?? .unreadable
        }
        return nil
    }

    static let frenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                               "septembre", "octobre", "novembre", "décembre"]

    /// 1…12 for an English month name or its three-letter abbreviation, or a French month name.
    static func month(named word: String) -> Int? {
        let w = word.lowercased()
        if let i = ISODate.monthNames.firstIndex(where: { $0.lowercased() == w || $0.prefix(3).lowercased() == w }) { return i + 1 }
        if let i = frenchMonths.firstIndex(of: w) { return i + 1 }
        return nil
    }
}
