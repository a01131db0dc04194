import Foundation
import Domain
import Outputs
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
        /// The model the score's weights were fitted with (fit_weights), when they were.
        var fitted_weights: FittedWeightsJSON?
        /// Every other file the run wrote, with its SHA-256: how the next run into the same
        /// folder recognises this run's files (see `RecordedOutput.stale`).
        /// Absent from the copy shown in report.html, itself one of the outputs.
        var outputs: [RecordedOutput]?
    }

    /// `outputs`: every other file written into the folder, as `RecordedOutput.list` gives them
    /// (nil for the copy of the manifest that report.html shows).
    public func runManifestJSON(outputs: [RecordedOutput]? = nil) throws -> String {
        let m = ManifestJSON(tool: "targeting", version: toolVersion, project: project.manifest.file,
                             project_sha256: manifestSHA256, rules: rulesPath, rules_sha256: rulesSHA256,
                             as_of: asOf.description, options: Dictionary(repeatOptions, uniquingKeysWith: { $1 }),
                             repeat_command: repeatCommand,
                             inputs: project.files, units_ranked: result.units.filter { $0.rank != nil }.count,
                             units_total: result.units.count, poor_data_accepted: poorDataAccepted,
                             fitted_weights: fittedWeightsJSON, outputs: outputs)
        return try RunRecord.json(m)
    }

    /// The command that repeats the run exactly, into the same folder, ready to paste into a
    /// POSIX shell: every option given (an option recorded with an empty value is a flag, such
    /// as `--no-maps`), each word quoted when the shell would otherwise split or expand it.
    var repeatCommand: String {
        var parts = ["targeting", "rank"]
        for (k, v) in repeatOptions { parts += v.isEmpty ? ["--\(k)"] : ["--\(k)", v] }
        return parts.map(Self.shellQuoted).joined(separator: " ")
    }

    /// The run's options as the repeat command gives them: the project, and the rules and date
    /// resolved (from the manifest when not given), then every other option given. Recorded as
    /// the manifest's `options` too, so that the repeated run writes the same manifest.
    var repeatOptions: [(String, String)] {
        [("project", project.manifest.file), ("rules", rulesPath), ("as-of", thenAndNow?.datesText ?? asOf.description)]
            + options.filter { !["project", "rules", "as-of"].contains($0.0) }
    }

    /// `word` as one POSIX shell word: unchanged when made only of characters no shell treats
    /// specially, else in single quotes (a quote inside written '\'').
    static func shellQuoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,")
        if !word.isEmpty && word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The outputs a run manifest written by targeting lists; empty for anything else (no such
    /// file, another program's JSON, a manifest from a version that did not record them).
    public static func recordedOutputs(ofManifestAt path: String) -> [RecordedOutput] {
        struct Previous: Decodable { var tool: String; var outputs: [RecordedOutput]? }
        guard let data = FileManager.default.contents(atPath: path),
              let previous = try? JSONDecoder().decode(Previous.self, from: data), previous.tool == "targeting" else { return [] }
        return previous.outputs ?? []
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }
}
