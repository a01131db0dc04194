import Foundation

/// Fixtures live in Tests/Fixtures/tables, found from this file's path (no bundle resources).
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tables")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}
