import Domain

/// A table layer's alias file (`aliases = "names.csv"`): names or codes as the table writes them,
/// each mapped to a unit id by the GIS officer. Looked up by `NameKey`, so case, accents, hyphens
/// and spacing do not matter (`DR Kongo` and `dr-kongo` are one alias).
public struct NameAliases: Sendable, Hashable {
    /// The alias file as the manifest names it (cited in the join report).
    public var file: String
    /// The unit id of each alias key.
    public var unitOf: [NameKey: String]
    public init(file: String, unitOf: [NameKey: String]) { self.file = file; self.unitOf = unitOf }

    public func unit(for written: String) -> String? { unitOf[NameKey(written)] }
}

/// A name compared loosely with unit names, to propose the candidates of a row that joined no unit:
/// accents stripped and punctuation folded (`NameKey`), German umlauts also spelt `ae`/`oe`/`ue`
/// (`Ägypten` and `Aegypten`), words in any order (`Kongo DR`, `DR Kongo`), hyphens and spaces
/// ignored (`Kasai-Oriental`, `KasaiOriental`), and leading words cut to their initials
/// (`DR Kongo` for `Demokratische Republik Kongo`). The distance is the smallest edit distance
/// between the two names written the same one of these ways (or one name as written and the other
/// with its initials).
struct LooseName {
    /// As written, umlauts spelt out, each with its words sorted; all without spaces.
    let forms: [String]
    /// Umlauts spelt out, every word but the last cut to its initial, no spaces.
    let initials: String

    init(_ name: String) {
        let plain = NameKey(name).rawValue
        let umlauts = NameKey(Self.umlautsSpelt(name)).rawValue
        func sortedWords(_ s: String) -> String { s.split(separator: " ").sorted().joined(separator: " ") }
        forms = [plain, umlauts, sortedWords(plain), sortedWords(umlauts)].map { $0.replacingOccurrences(of: " ", with: "") }
        let words = umlauts.split(separator: " ")
        initials = words.dropLast().compactMap { $0.first.map(String.init) }.joined() + (words.last.map(String.init) ?? "")
    }

    func distance(to other: LooseName) -> Int {
        var best = Int.max
        for (a, b) in zip(forms, other.forms) where best > 0 { best = min(best, EditDistance.between(a, b)) }
        if best > 0 { best = min(best, EditDistance.between(forms[1], other.initials), EditDistance.between(initials, other.forms[1])) }
        return best
    }

    static func umlautsSpelt(_ name: String) -> String {
        var out = ""
        for c in name.precomposedStringWithCanonicalMapping {
            switch c {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "Ä": out += "Ae"
            case "Ö": out += "Oe"
            case "Ü": out += "Ue"
            case "ß": out += "ss"
            default: out.append(c)
            }
        }
        return out
    }
}
