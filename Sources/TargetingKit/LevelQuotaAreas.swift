import Domain
import Manifest
import Project

/// Fills each selection quota's areas from the project's levels: a unit's area at the first level
/// is its parent; at a level above, its parent's parent, and so on up the levels in manifest order.
package enum LevelQuotaAreas {
    package static func resolve(_ selection: SelectionSettings, project: LoadedProject) throws -> SelectionSettings {
        guard !selection.levelQuotas.isEmpty else { return selection }
        var s = selection
        s.levelQuotas = try selection.levelQuotas.map { try resolve($0, project: project) }
        return s
    }

    static func resolve(_ quota: LevelQuota, project: LoadedProject) throws -> LevelQuota {
        let names = project.levels.map(\.name)
        guard let depth = names.firstIndex(of: quota.level) else {
            let said = quota.location == nil ? "--per \(quota.level)=\(quota.max)" : "selection: per = { \(quota.level) = \(quota.max) }"
            throw TargetingError("\(said): the project has no level '\(quota.level)'; "
                                 + (names.isEmpty ? "its manifest declares no [levels.NAME]" : "its levels are \(names.joined(separator: ", "))"),
                                 at: quota.location,
                                 hint: names.isEmpty ? "declare the level in the manifest ([levels.NAME] with its parent field on [units])"
                                     : "use one of the levels the manifest declares")
        }
        var q = quota
        var areas: [UnitID: UnitID] = [:]
        for (i, id) in project.units.ids.enumerated() {
            var area = project.units.parents[i]
            for level in project.levels.prefix(depth) {
                guard let a = area, let j = level.units.index(of: a) else { area = nil; break }
                area = level.units.parents[j]
            }
            if let area { areas[id] = area }
        }
        q.areaOf = areas
        return q
    }
}

/// The level names a manifest declares, in order, for `--per` before the project is loaded.
package enum ManifestLevels {
    package static func names(manifest path: String) throws -> [String] {
        try ProjectManifest(contentsOf: path, checkFiles: false).levels.compactMap(\.level)
    }
}
