import Foundation

/// The files written by `Tests/Fixtures/gdal/make_gdal.py` (GDAL itself, through pyogrio).
enum GDALFixtures {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/gdal")
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
