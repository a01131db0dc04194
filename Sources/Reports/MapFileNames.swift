import Domain

/// File names of the maps. Ours are fixed (`map_score`, `map_classes`); a criterion's map is
/// `map_criterion_<slug>`, so no criterion name can take (and overwrite) one of ours. The slug is
/// ASCII (accents folded, anything else `_`), at most `maxSlugLength` characters (a 300-character
/// name would exceed the file system's limit on a name), never empty, and unique within a run:
/// names that fold to the same slug get `_2`, `_3`… in declaration order.
enum MapFileNames {
    static let score = "map_score"
    static let classes = "map_classes"
    static let criterionPrefix = "map_criterion_"
    static let maxSlugLength = 40

    /// One file name per criterion name, in order, all distinct.
    static func criteria(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.map { name in
            let base = slug(name)
            var candidate = base, k = 2
            while used.contains(candidate) {
                let suffix = "_\(k)"
                candidate = String(base.prefix(maxSlugLength - suffix.count)) + suffix
                k += 1
            }
            used.insert(candidate)
            return criterionPrefix + candidate
        }
    }

    /// `Déplacés (IDP) / 1 000 hab.` → `deplaces_idp_1_000_hab`.
    static func slug(_ name: String) -> String {
        var out = ""
        var pendingSeparator = false
        // NameKey folds accents and case and turns punctuation into single spaces.
        for scalar in NameKey(name).rawValue.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingSeparator && !out.isEmpty { out.append("_") }
                pendingSeparator = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSeparator = true
            }
        }
        if out.count > maxSlugLength { out = String(out.prefix(maxSlugLength)) }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "unnamed" : out
    }
}
