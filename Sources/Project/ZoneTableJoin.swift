import Foundation
import Domain
import Joins
import Manifest

/// A table whose key is a zone code (`zones = "health_zones"`): each row takes the shape of the
/// zone whose id equals its key, so the table becomes a zone layer apportioned to the units like
/// the zones themselves. One feature per row (several rounds of one zone stay separate rows, with
/// their dates). Codes match exactly after trimming and upper-casing; names are never used, since
/// zone names often repeat unit names. A row whose code names no zone keeps no shape and is
/// reported with its file:line and the nearest zone codes.
enum ZoneTableJoin {
    static func attach(_ table: Layer, spec: LayerSpec, zones: Layer, zoneSpec: LayerSpec,
                       manifest: ProjectManifest) throws -> Layer {
        guard let key = spec.key, let keyIndex = table.fieldIndex(key.name) else {
            throw TargetingError("layer '\(spec.name)' has zones but no readable key column",
                                 at: SourceLocation(file: manifest.file, line: spec.key?.line ?? spec.line),
                                 hint: "add key = \"<zone code column>\"")
        }
        guard let id = zoneSpec.id, let idIndex = zones.fieldIndex(id.name) else {
            throw TargetingError("layer '\(zoneSpec.name)' is named by zones but has no id field",
                                 at: SourceLocation(file: manifest.file, line: zoneSpec.line), hint: "add id = \"<zone code field>\"")
        }
        var zoneByCode: [String: Int] = [:]
        for (k, f) in zones.features.enumerated() {
            guard let code = normalised(value(f, idIndex)) else { continue }
            if let first = zoneByCode[code] {
                throw TargetingError("zone code \(code) (field \(id.name)) appears twice in layer '\(zoneSpec.name)': \(zones.features[first].location) and \(f.location)",
                                     at: f.location, hint: "zone ids must be unique for layer '\(spec.name)' to join to them; merge the two records")
            }
            zoneByCode[code] = k
        }
        let codes = zoneByCode.keys.sorted()
        var out = table
        for (r, row) in table.features.enumerated() {
            guard let code = normalised(value(row, keyIndex)) else {
                out.features[r].shape = nil
                out.diagnostics.append(Diagnostic(.warning, row.location, code: .noZoneCode,
                    "the row has no zone code in \(key.name): it is left out of every fact over layer '\(spec.name)'",
                    hint: "fill in the zone's code (a \(id.name) of \(zoneSpec.path.written))"))
                continue
            }
            guard let z = zoneByCode[code] else {
                out.features[r].shape = nil
                let near = nearest(code, among: codes)
                out.diagnostics.append(Diagnostic(.warning, row.location, code: .unknownZone,
                    "zone code '\(code)' in \(key.name) is not a \(id.name) of layer '\(zoneSpec.name)': the row is left out of every fact over layer '\(spec.name)'",
                    hint: near.isEmpty ? "the zone layer has no codes" : "nearest zone codes: " + near.joined(separator: ", ")))
                continue
            }
            out.features[r].shape = zones.features[z].shape
        }
        return out
    }

    static func value(_ f: Feature, _ i: Int) -> Value? { f.values.indices.contains(i) ? f.values[i] : nil }

    /// The code as p-codes are compared everywhere (`PCode`: trimmed, upper-cased), nil when blank.
    static func normalised(_ v: Value?) -> String? { v?.text.flatMap(PCode.init)?.rawValue }

    /// The three codes closest by edit distance (ties by code: `codes` is sorted once by the
    /// caller, not again for every unknown row), for the message of an unknown code.
    static func nearest(_ code: String, among codes: [String]) -> [String] {
        EditDistance.closest(to: code, among: codes, count: 3).map(\.name)
    }
}

