import Domain

/// What joining a table to the units did with every row (Scripts/METHOD.md: p-codes first, then
/// normalised names within the same parent; nothing guessed silently). Rows are listed in file
/// order. Codable, so the command line can write it as JSON beside the results.
public struct JoinReport: Codable, Sendable, Equatable {
    public struct Matched: Codable, Sendable, Equatable {
        public var location: String
        public var unit: String
        /// The row's code or name as written.
        public var written: String
    }
    public struct Ambiguous: Codable, Sendable, Equatable {
        public var location: String
        public var name: String
        public var parent: String?
        public var candidates: [String]
    }
    public struct Candidate: Codable, Sendable, Equatable {
        public var unit: String
        public var name: String
        public var editDistance: Int
    }
    public struct Unmatched: Codable, Sendable, Equatable {
        public var location: String
        public var name: String?
        public var parent: String?
        /// The closest unit names by edit distance of their name keys: within the row's parent
        /// when it has units, else among all units (`candidatesScope` says which).
        public var candidates: [Candidate]
        public var candidatesScope: String
    }
    public struct UnknownCode: Codable, Sendable, Equatable {
        public var location: String
        public var code: String
        /// The unit the row's name then matched, if it did (also listed under matched by name).
        public var resolvedByName: String?
    }

    public var table: String
    public var rowCount: Int
    public var matchedByCode: [Matched]
    public var matchedByName: [Matched]
    public var ambiguous: [Ambiguous]
    public var unmatched: [Unmatched]
    public var unknownCodes: [UnknownCode]

    public var matchedCount: Int { matchedByCode.count + matchedByName.count }

    /// A plain-text rendering for the GIS officer: counts first, then every row that needs a look.
    public var text: String { text(listingAtMost: .max) }

    /// The same, each list cut to its first `n` rows with a line saying how many more there are
    /// (a table of a million rows must not make a report of a million lines).
    public func text(listingAtMost n: Int) -> String {
        var out = ["Join of \(table): \(rowCount) rows",
                   "  matched by p-code: \(matchedByCode.count)",
                   "  matched by name within parent: \(matchedByName.count)",
                   "  ambiguous: \(ambiguous.count)",
                   "  unmatched: \(unmatched.count)",
                   "  codes that name no unit: \(unknownCodes.count)"]
        func more(_ count: Int) { if count > n { out.append("  … and \(count - n) more") } }
        if !matchedByName.isEmpty {
            out.append("Matched by name (check these):")
            for m in matchedByName.prefix(n) { out.append("  \(m.location): \"\(m.written)\" -> \(m.unit)") }
            more(matchedByName.count)
        }
        if !unknownCodes.isEmpty {
            out.append("Codes that name no unit:")
            for u in unknownCodes.prefix(n) {
                out.append("  \(u.location): \(u.code)" + (u.resolvedByName.map { " (matched by name to \($0))" } ?? " (row not matched by name either)"))
            }
            more(unknownCodes.count)
        }
        if !ambiguous.isEmpty {
            out.append("Ambiguous names (not joined):")
            for a in ambiguous.prefix(n) {
                out.append("  \(a.location): \"\(a.name)\"" + (a.parent.map { " in \($0)" } ?? "") + " could be " + a.candidates.joined(separator: ", "))
            }
            more(ambiguous.count)
        }
        if !unmatched.isEmpty {
            out.append("Unmatched rows (not joined):")
            for u in unmatched.prefix(n) {
                let what = u.name.map { "\"\($0)\"" } ?? "(no code, no name)"
                let cands = u.candidates.map { "\($0.unit) \($0.name) (\($0.editDistance))" }.joined(separator: ", ")
                out.append("  \(u.location): \(what)" + (u.parent.map { " in \($0)" } ?? "")
                           + (cands.isEmpty ? "" : "; nearest \(u.candidatesScope): \(cands)"))
            }
            more(unmatched.count)
        }
        return out.joined(separator: "\n") + "\n"
    }
}
