import Foundation
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
    /// Rows whose code or name the layer's alias file maps to a unit.
    public var matchedByAlias: [Matched] = []
    /// The manifest layer joined, when known (its `[layers.NAME]` is named in the alias hint).
    public var layer: String? = nil
    /// The alias file of the layer (`aliases` in the manifest), when it has one.
    public var aliasFile: String? = nil
    /// For the unmatched rows with a candidate, one line per distinct name mapping it to the
    /// nearest unit, in the alias file's format (`"DR Kongo",COD`): to check, then paste.
    public var aliasLines: [String] = []

    public var matchedCount: Int { matchedByCode.count + matchedByAlias.count + matchedByName.count }

    /// The header of an alias file: the name or code as tables write it, and the unit id.
    public static let aliasHeader = "name,unit"

    static func aliasLines(for unmatched: [Unmatched]) -> [String] {
        var seen = Set<NameKey>()
        var lines: [String] = []
        for u in unmatched {
            guard let name = u.name, let best = u.candidates.first, seen.insert(NameKey(name)).inserted else { continue }
            lines.append(csvField(name) + "," + csvField(best.unit))
        }
        return lines
    }

    /// Quoted when it must be (a comma, quote, line break or surrounding space), as CSV readers expect.
    static func csvField(_ s: String) -> String {
        let plain = !s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } && s.trimmingCharacters(in: .whitespaces) == s
        return plain ? s : "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A plain-text rendering for the GIS officer: counts first, then every row that needs a look.
    public var text: String { text(listingAtMost: .max) }

    /// The same, each list cut to its first `n` rows with a line saying how many more there are
    /// (a table of a million rows must not make a report of a million lines).
    public func text(listingAtMost n: Int) -> String {
        var out = ["Join of \(table): \(rowCount) rows",
                   "  matched by p-code: \(matchedByCode.count)"]
        if aliasFile != nil || !matchedByAlias.isEmpty { out.append("  matched by alias (\(aliasFile ?? "aliases")): \(matchedByAlias.count)") }
        out += [
                   "  matched by name within parent: \(matchedByName.count)",
                   "  ambiguous: \(ambiguous.count)",
                   "  unmatched: \(unmatched.count)",
                   "  codes that name no unit: \(unknownCodes.count)"]
        func more(_ count: Int) { if count > n { out.append("  … and \(count - n) more") } }
        if !matchedByAlias.isEmpty {
            out.append("Matched by alias:")
            for m in matchedByAlias.prefix(n) { out.append("  \(m.location): \"\(m.written)\" -> \(m.unit)") }
            more(matchedByAlias.count)
        }
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
        if !aliasLines.isEmpty {
            if let aliasFile {
                out.append("Alias lines to add to \(aliasFile) (the nearest unit is proposed: check each before pasting):")
            } else {
                out.append("Alias lines to add (the nearest unit is proposed: check each; save them, with the first line, as a CSV file named by aliases = \"…\" in \(layer.map { "[layers.\($0)]" } ?? "the layer's manifest entry")):")
                out.append("  " + Self.aliasHeader)
            }
            for line in aliasLines.prefix(n) { out.append("  " + line) }
            more(aliasLines.count)
        }
        return out.joined(separator: "\n") + "\n"
    }
}
