import Foundation

/// Place names compared across sources (OCHA writes `Kasai-Central`, French sources `Kasaï-Central`,
/// DTM enumerators `kasai central`). The key is NFKD, accents stripped, case folded, and every run
/// of spaces, hyphens, apostrophes, dots and other punctuation folded to one space.
public struct NameKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ name: String) {
        let decomposed = name.decomposedStringWithCompatibilityMapping
        var out = ""
        var pendingSpace = false
        for scalar in decomposed.unicodeScalars {
            let props = scalar.properties
            if props.generalCategory == .nonspacingMark || props.generalCategory == .spacingMark
                || props.generalCategory == .enclosingMark { continue }
            if props.isAlphabetic || props.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(contentsOf: String(scalar).lowercased())
            } else {
                pendingSpace = true
            }
        }
        rawValue = out
    }

    public static func < (a: NameKey, b: NameKey) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    /// Levenshtein distance between two keys, for "did you mean" candidates in join reports.
    public func editDistance(to other: NameKey) -> Int { EditDistance.between(rawValue, other.rawValue) }
}
