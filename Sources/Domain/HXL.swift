/// An HXL hashtag with attributes, e.g. `#affected+idps+ind`. Two tags match when their hashtag is
/// equal and they carry the same attributes in any order; `+code` and `+pcode` are the same thing
/// (HDX files use both).
public struct HXLTag: Hashable, Sendable, CustomStringConvertible {
    public let hashtag: String
    public let attributes: [String]

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard t.hasPrefix("#") else { return nil }
        let parts = t.dropFirst().split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, !head.isEmpty,
              head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        hashtag = head
        attributes = parts.dropFirst().map { $0 == "code" ? "pcode" : $0 }.filter { !$0.isEmpty }.sorted()
    }

    public var description: String { "#" + ([hashtag] + attributes).joined(separator: "+") }
}

import Foundation
