import Foundation
import Domain
import Joins
import Manifest
import Tables

/// Reads a table layer's alias file (`aliases = "names.csv"`): a CSV with the columns `name` (a
/// name or code as the table writes it) and `unit` (the unit id it stands for), one alias a line.
/// Every line is checked, so that a wrong alias is one message naming its line: a unit id that is
/// no unit, a blank cell, or one name given two different units.
enum AliasFile {
    static func read(_ path: ManifestPath, layer: String, units: UnitSet, manifest: ProjectManifest) throws -> (NameAliases, LoadedFile) {
        let shown = (path.resolved as NSString).lastPathComponent
        func fail(_ message: String, line: Int?, hint: String? = nil) -> TargetingError {
            TargetingError(message, at: SourceLocation(file: path.resolved, line: line),
                           hint: [hint, "alias file of [layers.\(layer)], named at \(manifest.file):\(path.line)"].compactMap { $0 }.joined(separator: "; "))
        }
        let table = try CSVReader.read(path: path.resolved, options: CSVOptions())
        if let broken = table.diagnostics.first(where: { $0.severity == .warning }) {
            throw fail(broken.message, line: broken.location.line, hint: broken.hint)
        }
        guard let nameC = table.column(named: "name"), let unitC = table.column(named: "unit") else {
            throw fail("\(shown) needs the columns 'name' and 'unit' (the name or code as the table writes it, and the unit id); it has: \(table.header.joined(separator: ", "))",
                       line: 1, hint: "make its first line \(JoinReport.aliasHeader)")
        }
        var unitOf: [NameKey: String] = [:]
        var lineOf: [NameKey: Int] = [:]
        let ids = units.ids.map(\.rawValue)
        for r in 0..<table.rowCount {
            let line = table.line(ofRow: r)
            let name = table.cell(row: r, column: nameC).trimmingCharacters(in: .whitespaces)
            let written = table.cell(row: r, column: unitC).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !written.isEmpty else {
                throw fail("alias line with a blank \(name.isEmpty ? "name" : "unit")", line: line,
                           hint: "give both the name (or code) as the table writes it and the unit id, or remove the line")
            }
            let id = PCode(written)?.rawValue ?? written
            guard units.index(of: UnitID(id)) != nil else {
                throw fail("the alias \"\(name)\" names the unit '\(written)', which is not a unit id of \(manifest.units.path.written)", line: line,
                           hint: EditDistance.nearest(to: written, among: ids).map { "did you mean '\($0)'?" } ?? "write a unit id from the units' \(manifest.units.id.name) field")
            }
            let key = NameKey(name)
            if let previous = unitOf[key], previous != id {
                throw fail("\"\(name)\" is given the unit \(id) here and \(previous) on line \(lineOf[key] ?? 0)", line: line,
                           hint: "keep one line per name (names are compared without case, accents or punctuation)")
            }
            unitOf[key] = id
            lineOf[key] = lineOf[key] ?? line
        }
        try table.sourceBytes.verifyUnchanged()
        let file = LoadedFile(entry: "layers.\(layer).aliases", path: path.resolved, sha256: "", records: table.rowCount,
                              kept: table.rowCount, rejected: 0, encoding: table.encoding.description, crs: nil, notes: [])
        return (NameAliases(file: path.written, unitOf: unitOf), file)
    }

    /// Gives every table layer with `aliases` its alias file, once the units are known.
    static func attach(_ layers: inout [BoundLayer], manifest: ProjectManifest, units: UnitSet, files: inout [LoadedFile]) throws {
        for spec in manifest.layers {
            guard let path = spec.aliases, let i = layers.firstIndex(where: { $0.name == spec.name }) else { continue }
            guard case .byKey(var keys) = layers[i].roles.placement else {
                throw TargetingError("[layers.\(spec.name)] aliases is for tables joined to the units by key or name, not to zones",
                                     at: SourceLocation(file: manifest.file, line: path.line), hint: "remove this line")
            }
            let (aliases, file) = try read(path, layer: spec.name, units: units, manifest: manifest)
            keys.aliases = aliases
            layers[i].roles.placement = .byKey(keys)
            files.append(file)
        }
    }
}
