import ArgumentParser
import Domain
import TargetingKit

/// `--per LEVEL=N`: at most N selected units per area of a level the manifest declares.
enum LevelQuotaOption {
    static func parse(_ values: [String]) throws -> [LevelQuota] {
        var quotas: [LevelQuota] = []
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]) else {
                throw ValidationError("--per must be LEVEL=N, e.g. --per province=3 (got '\(value)')")
            }
            guard n >= 1 else { throw ValidationError("--per \(value): N must be at least 1 (got \(n))") }
            guard !quotas.contains(where: { $0.level == parts[0] }) else {
                throw ValidationError("--per \(value): level '\(parts[0])' is given twice; give one quota per level")
            }
            quotas.append(LevelQuota(level: parts[0], max: n))
        }
        return quotas
    }

    /// A level the manifest does not declare is a usage error, said before anything is read. A
    /// manifest that cannot be read is left to the run, which says what is wrong with it.
    static func checkLevels(_ quotas: [LevelQuota], manifest: String) throws {
        guard !quotas.isEmpty, let names = try? ManifestLevels.names(manifest: manifest) else { return }
        for q in quotas where !names.contains(q.level) {
            throw ValidationError("--per \(q.level)=\(q.max): the project has no level '\(q.level)'; "
                                  + (names.isEmpty ? "its manifest declares no [levels.NAME]" : "its levels are \(names.joined(separator: ", "))"))
        }
    }
}
