import Foundation
import Domain

/// The companion files of one shapefile: same folder, same stem, lower-case extensions (as the
/// writer makes them).
struct ShapefilePaths {
    let folder: String
    let stem: String

    init(shp path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension.lowercased() == "shp" else {
            throw TargetingError("a shapefile path must end in .shp", at: SourceLocation(file: path))
        }
        folder = url.deletingLastPathComponent().path
        stem = url.deletingPathExtension().lastPathComponent
    }

    init(folder: String, stem: String) { self.folder = folder; self.stem = stem }

    func with(_ ext: String) -> String { folder + "/" + stem + "." + ext }
    var shp: String { with("shp") }
    var shx: String { with("shx") }
    var dbf: String { with("dbf") }
    var prj: String { with("prj") }
    var cpg: String { with("cpg") }
}

/// A private temporary folder, removed with everything in it when done.
struct StagingFolder {
    let path: String

    /// A folder beside the target, so that renames out of it stay on one file system.
    init(beside target: ShapefilePaths) throws {
        guard let made = StagingFolder.makeTemporary(target.folder + "/." + target.stem + ".writing-XXXXXX") else {
            throw TargetingError("could not create a temporary folder in \(target.folder): \(String(cString: strerror(errno)))",
                                 at: SourceLocation(file: target.shp), hint: "check the folder exists and is writable")
        }
        path = made
    }

    /// A folder under the system's temporary directory.
    init(system prefix: String) throws {
        guard let made = StagingFolder.makeTemporary(NSTemporaryDirectory() + "/" + prefix + "-XXXXXX") else {
            throw TargetingError("could not create a temporary folder: \(String(cString: strerror(errno)))")
        }
        path = made
    }

    /// mkdtemp(3) on a template ending in XXXXXX: the created folder (mode 0700), or nil.
    private static func makeTemporary(_ template: String) -> String? {
        var t = Array(template.utf8CString)
        return t.withUnsafeMutableBufferPointer { buf -> String? in
            guard let base = buf.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
    }

    func paths(named stem: String) -> ShapefilePaths { ShapefilePaths(folder: path, stem: stem) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
