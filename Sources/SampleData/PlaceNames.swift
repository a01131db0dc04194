/// Plausible place names in the style of the region (Tshiluba in the centre and east, Tshokwe,
/// Pende and Kuba-style in the west and north). They are invented, not real groupements: the
/// sample must never be mistaken for real data. A few carry accents, as French-written sources
/// do, so that the encoding and name-matching paths get exercised.
struct PlaceNames {
    private var rng: SampleRandom

    init(stream: String) { rng = SampleRandom(stream: "names:" + stream) }

    private static let lubaSyllables = ["ka", "ki", "ku", "ma", "mu", "mba", "mbu", "nga", "ndu", "nku", "tshi", "tsha",
                                        "lu", "la", "bu", "ba", "di", "sa", "nsa", "mpu", "ya", "kam", "lo", "ngo", "mwa",
                                        "nda", "ji", "ye", "bi", "nta"]
    private static let westSyllables = ["sa", "mu", "ka", "tshi", "ndo", "lu", "nye", "ha", "kwe", "mbi", "ze", "pe",
                                        "nde", "ki", "xa", "lun", "ga", "ya", "mwa", "tu", "so", "ko"]
    private static let kubaSyllables = ["bu", "sho", "ong", "ke", "te", "ka", "lo", "ngo", "mbe", "nge", "sha", "mi",
                                        "la", "pe", "ndi", "yo", "ba", "ku"]
    private static let lubaPrefixes = ["Bena ", "Bakwa ", "Bena ", "Bakwa ", "Bashila ", "Ba", "", "", "", "Mwamba "]
    private static let westPrefixes = ["Mwa ", "Sa ", "Tshi", "Ka", "", "", "Mwene ", "Ba"]
    private static let kubaPrefixes = ["Ba", "Bu", "Ma", "", "", "Bena "]

    enum Style { case luba, west, kuba }

    static func style(for territoire: String) -> Style {
        switch territoire {
        case "CD9201", "CD9202": return .west
        case "CD9205", "CD9207", "CD9208": return .kuba
        default: return .luba
        }
    }

    /// A root of 2–3 syllables, capitalised.
    private mutating func root(_ style: Style) -> String {
        let syllables: [String]
        switch style {
        case .luba: syllables = PlaceNames.lubaSyllables
        case .west: syllables = PlaceNames.westSyllables
        case .kuba: syllables = PlaceNames.kubaSyllables
        }
        let n = 2 + (rng.chance(0.45) ? 1 : 0)
        var s = ""
        for _ in 0..<n { s += rng.pick(syllables) }
        return capitalised(s)
    }

    mutating func groupement(_ style: Style) -> String {
        let prefixes: [String]
        switch style {
        case .luba: prefixes = PlaceNames.lubaPrefixes
        case .west: prefixes = PlaceNames.westPrefixes
        case .kuba: prefixes = PlaceNames.kubaPrefixes
        }
        let prefix = rng.pick(prefixes)
        var name = prefix.hasSuffix(" ") || prefix.isEmpty ? prefix + root(style) : prefix + root(style).lowercased()
        if rng.chance(0.12) { name += "-" + root(style) }          // compound names, hyphenated
        else if rng.chance(0.08) { name += rng.pick([" Nord", " Sud", " I", " II", "-Lulua", "-Kasaï", "-Lubilanji"]) }
        return accented(name)
    }

    mutating func village(_ style: Style) -> String {
        let root = root(style)
        let name = rng.chance(0.25) ? rng.pick(["Tshia ", "Kasa ", "Mbuji ", "Kala ", "Nsumba ", "Lusambo ", "Musenge "]) + root : root
        return accented(name)
    }

    /// About one name in eight gets an é/è/ï, as in French-written gazetteers.
    private mutating func accented(_ s: String) -> String {
        guard rng.chance(0.13) else { return s }
        var chars = Array(s)
        if let i = chars.indices.reversed().first(where: { chars[$0] == "e" }) { chars[i] = rng.chance(0.7) ? "é" : "è"; return String(chars) }
        if let i = chars.indices.reversed().first(where: { chars[$0] == "i" && $0 > 0 && "aou".contains(chars[$0 - 1]) }) { chars[i] = "ï"; return String(chars) }
        return s
    }

    private func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}

/// The name as an English-language source writes it: accents dropped (Kasaï → Kasai).
func withoutAccents(_ s: String) -> String {
    String(s.map { c -> Character in
        switch c {
        case "é", "è", "ê", "ë": return "e"
        case "É", "È": return "E"
        case "ï", "î": return "i"
        case "Ï": return "I"
        case "à", "â": return "a"
        case "ô": return "o"
        case "û", "ü": return "u"
        case "ç": return "c"
        default: return c
        }
    })
}
