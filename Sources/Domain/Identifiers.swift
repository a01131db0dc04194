/// The id of a unit being ranked (a groupement, a commune, a territoire). Ids sort as plain
/// strings: that order breaks ties in ranks and decides which unit owns a point on a shared border.
public struct UnitID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public static func < (a: UnitID, b: UnitID) -> Bool { a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8) }
    public var description: String { rawValue }
}

/// An OCHA COD p-code such as `CD9102` (territoire) or a groupement code of our scheme
/// (`CD9102` + 3 digits). Stored trimmed and upper-cased, because sources differ in case.
public struct PCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard !t.isEmpty else { return nil }
        rawValue = t
    }
    public static func < (a: PCode, b: PCode) -> Bool { a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8) }
    public var description: String { rawValue }
}

import Foundation
