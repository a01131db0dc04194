import XCTest
import Foundation
@testable import Manifest

/// Scripts/MANIFEST.md, the manifest reference, names every key the reader accepts, with a default and
/// an example: a key added to the reader without its line in the reference fails here.
final class ManifestReferenceTests: XCTestCase {
    func testEveryKeyIsInTheReference() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Scripts/MANIFEST.md"), encoding: .utf8)
        // The table rows of the reference: "| `key` | …" (several keys may share a row).
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        var documented = Set<String>()
        for row in rows {
            let first = row.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            for m in first.matches(of: /`([a-z_0-9]+)`/) { documented.insert(String(m.1)) }
        }
        let keys = ManifestReader.topKeys + ManifestReader.boundaryKeys + ManifestReader.layerKeys.values.flatMap { $0 }
            + QualityThresholds.keys
        for key in Set(keys).sorted() {
            XCTAssertTrue(documented.contains(key), "Scripts/MANIFEST.md has no row for `\(key)`")
        }
        // Every row gives a default and an example (the two last columns are not empty).
        for row in rows {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertGreaterThanOrEqual(cells.count, 6, String(row))
            XCTAssertFalse(cells[cells.count - 2].isEmpty || cells[cells.count - 3].isEmpty, "no default or example: \(row)")
        }
    }
}
