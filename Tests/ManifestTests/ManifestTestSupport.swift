import Foundation
import XCTest
@testable import Manifest
import Domain

/// A temporary project: base/x/y/targeting.toml with its data files beside it and
/// base/Scripts/criteria.lua, so that `../../Scripts/criteria.lua` resolves.
struct TempProject {
    let base: URL
    let folder: URL
    static let dataFiles = ["groupements.shp", "territoires.shp", "provinces.shp", "acled_kasai.csv", "dtm_kasai.csv", "zones_sante.shp"]

    init(files: [String] = TempProject.dataFiles) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-tests-\(UUID().uuidString)")
        folder = base.appendingPathComponent("x/y")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("Scripts"), withIntermediateDirectories: true)
        try Data("return {}\n".utf8).write(to: base.appendingPathComponent("Scripts/criteria.lua"))
        for f in files { try Data().write(to: folder.appendingPathComponent(f)) }
    }

    func write(_ text: String) throws -> String {
        let path = folder.appendingPathComponent("targeting.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func remove() { try? FileManager.default.removeItem(at: base) }
}

enum ManifestFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/manifest")
    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
}

/// Parses a manifest built from the valid example with some lines replaced, expecting an error.
func manifestError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> TargetingError? {
    do {
        _ = try ProjectManifest(parsing: text, file: "targeting.toml", folder: "/nowhere", checkFiles: false)
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch let e as TargetingError {
        return e
    } catch {
        XCTFail("unexpected error type \(error)", file: file, line: line)
        return nil
    }
}
