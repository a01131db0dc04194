import Foundation
import Domain
import Outputs
import Reports

/// The `--out` folder of `rank` and `map`: checked before anything is loaded, so that a
/// mistyped option is one clear message, not an error of the file system after minutes of work.
package enum OutFolder {
    /// What is wrong with `out` as an output folder, or nil when it can be used.
    package static func problem(_ out: String) -> String? {
        guard !out.trimmingCharacters(in: .whitespaces).isEmpty else {
            return "--out is empty: name the folder for the outputs (created if missing), e.g. --out out"
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                return "--out \(out) is \(kind(of: out)), not a folder: name a folder for the outputs (created if missing), e.g. --out out"
            }
            guard access(out, W_OK | X_OK) == 0 else {
                return "--out \(out): no permission to write in this folder; fix its permissions or choose another --out folder"
            }
            return nil
        }
        // Missing: it will be created, so its nearest existing ancestor must be a writable folder.
        var ancestor = URL(fileURLWithPath: out).standardizedFileURL.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) && ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isFolder.boolValue else {
            return "--out \(out) cannot be created: \(ancestor.path) is \(kind(of: ancestor.path)), not a folder; choose another --out folder"
        }
        guard access(ancestor.path, W_OK | X_OK) == 0 else {
            return "--out \(out) cannot be created: no permission to write in \(ancestor.path); choose another --out folder"
        }
        return nil
    }

    /// "a file", "a device" (/dev/null), "a named pipe (FIFO)" or "a socket": what a path that is
    /// not a folder is, so that the message names it rightly.
    package static func kind(of path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "a file" }
        switch st.st_mode & S_IFMT {
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        default: return "a file"
        }
    }

    /// Every file the run read — the project manifest, the rules script, each layer's file and,
    /// for a shapefile, every file beside it with the same name (.shx, .dbf, .prj, .cpg, .qix…,
    /// in any case) — by identity, with the path to name it by.
    package static func inputs(of run: RunRecord) -> [FileIdentity: String] {
        var paths = [run.project.manifest.file, run.rulesPath]
        for file in run.project.files {
            paths.append(file.path)
            if file.path.lowercased().hasSuffix(".shp") { paths += sameStem(file.path) }
        }
        var found: [FileIdentity: String] = [:]
        for p in paths { if let id = FileIdentity(path: p), found[id] == nil { found[id] = WorkingFolder.relative(p) } }
        return found
    }

    /// Files in the folder of `shp` named like it up to a dot, ignoring case (units.dbf, UNITS.PRJ,
    /// units.shp.xml): protecting a file too many only ever refuses an --out.
    private static func sameStem(_ shp: String) -> [String] {
        let url = URL(fileURLWithPath: shp)
        let folder = url.deletingLastPathComponent().path
        let stem = url.deletingPathExtension().lastPathComponent.lowercased()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.lowercased().hasPrefix(stem + ".") }
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}
