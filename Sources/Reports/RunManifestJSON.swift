import Foundation
import Domain
import Project

/// The run manifest: what went in (with SHA-256), which rules, which date, which options and tool
/// version — enough to repeat the run byte for byte.
extension RunRecord {
    struct ManifestJSON: Encodable {
        var tool: String
        var version: String
        var project: String
        var project_sha256: String
        var rules: String
        var rules_sha256: String
        var as_of: String
        var options: [String: String]
        var repeat_command: String
        var inputs: [LoadedFile]
        var units_ranked: Int
        var units_total: Int
        /// The data-quality limits crossed and accepted with --accept-poor-data; empty for a clean run.
        var poor_data_accepted: [String]
    }

    public func runManifestJSON() throws -> String {
        let m = ManifestJSON(tool: "targeting", version: toolVersion, project: project.manifest.file,
                             project_sha256: manifestSHA256, rules: rulesPath, rules_sha256: rulesSHA256,
                             as_of: asOf.description, options: Dictionary(options, uniquingKeysWith: { $1 }),
                             repeat_command: repeatCommand,
                             inputs: project.files, units_ranked: result.units.filter { $0.rank != nil }.count,
                             units_total: result.units.count, poor_data_accepted: poorDataAccepted)
        return try RunRecord.json(m)
    }

    var repeatCommand: String {
        var parts = ["targeting", "rank", "--project", project.manifest.file, "--rules", rulesPath, "--as-of", asOf.description]
        // An option with an empty value is a flag (--accept-poor-data).
        for (k, v) in options where !["project", "rules", "as-of"].contains(k) { parts += v.isEmpty ? ["--\(k)"] : ["--\(k)", v] }
        return parts.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }
}
