/// A calendar date (proleptic Gregorian, no time zone), stored as days since 1970-01-01 so that
/// windows and "as_of − 365 days" are integer arithmetic.
public struct ISODate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let daysSinceEpoch: Int
    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= ISODate.daysIn(month: month, year: year) else { return nil }
        daysSinceEpoch = ISODate.civilToDays(year, month, day)
    }

    /// Parses `YYYY-MM-DD` (optionally followed by a time part `T…` or ` …`, which is ignored).
    public init?(iso text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(t.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        if bytes.count > 10, bytes[10] != UInt8(ascii: "T"), bytes[10] != UInt8(ascii: " ") { return nil }
        guard let y = ISODate.digits(bytes[0..<4]), let m = ISODate.digits(bytes[5..<7]),
              let d = ISODate.digits(bytes[8..<10]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses one date on its own, in any spelling `DateSpelling` reads: ISO `2020-12-31`, compact
    /// `20201231` (DBF `D` fields), a named month (ACLED's `31 December 2020`), and a numeric
    /// `31/12/2020` or `12/31/2020` only when a part above 12 proves which is the day. `03/04/2020`
    /// is nil: its order is a column's question (`DateColumnOrder`), never guessed from one value.
    public init?(parsing text: String) {
        let spelling = DateSpelling(text)
        guard let d = spelling.date(order: spelling.provenOrder) else { return nil }
        self = d
    }

    public var components: (year: Int, month: Int, day: Int) { ISODate.daysToCivil(daysSinceEpoch) }

    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    /// The date as ACLED writes it (`31 December 2020`), one of the spellings `init(parsing:)` reads.
    public var spelledOut: String {
        let c = components
        return "\(c.day) \(ISODate.monthNames[c.month - 1]) \(c.year)"
    }

    public func adding(days: Int) -> ISODate { ISODate(daysSinceEpoch: daysSinceEpoch + days) }
    public static func - (a: ISODate, b: ISODate) -> Int { a.daysSinceEpoch - b.daysSinceEpoch }
    public static func < (a: ISODate, b: ISODate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    static func digits(_ s: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for c in s { guard c >= 48, c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
        return v
    }
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    public static func daysIn(month: Int, year: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
    // Howard Hinnant's days_from_civil / civil_from_days.
    static func civilToDays(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
    static func daysToCivil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// A closed window of dates: both ends count (Scripts/METHOD.md). Either end may be open.
public struct DateWindow: Hashable, Sendable, CustomStringConvertible {
    public var from: ISODate?
    public var to: ISODate?
    public init(from: ISODate?, to: ISODate?) { self.from = from; self.to = to }
    public func contains(_ d: ISODate) -> Bool {
        if let f = from, d < f { return false }
        if let t = to, t < d { return false }
        return true
    }
    public var description: String { "[\(from?.description ?? "…"), \(to?.description ?? "…")]" }
}

import Foundation
