import Foundation
import Domain

/// Writes a file so that readers only ever see the old content or the complete new content: the
/// bytes go to a temporary file in the same folder (same file system, so rename is atomic), and
/// the temporary file is renamed over the target. An interrupted run leaves the previous output
/// intact and at most a `.tmp-PID-…` file behind (`rank` and `map` write into a staging folder,
/// so it is removed with that folder: see `StagingFolder`).
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(bytes: $0, to: path) }
    }

    public static func write(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try write(bytes: UnsafeRawBufferPointer($0), to: path) }
    }

    /// Writes `bytes` atomically, synchronised to disk before the rename (no `Data` copy of a
    /// text, no `FileHandle`: `UnbufferedFile`).
    public static func write(bytes: UnsafeRawBufferPointer, to path: String) throws {
        try produce(path) { tmp in
            let file = try UnbufferedFile(creating: tmp, reportedAs: path)
            try file.append(bytes)
            try file.finish()
            try file.close()
        }
    }

    /// Forces to disk a file another program or library wrote (shapelib, GDAL, rsvg-convert), as
    /// `write` does for its own: every output is on disk before the run's outputs are committed.
    public static func synchronize(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw TargetingError("cannot open \(path) to save it to disk: \(String(cString: strerror(errno)))", hint: "check free space and permissions")
        }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw TargetingError("writing \(path) failed: \(String(cString: strerror(errno)))", hint: "check free space")
        }
    }

    /// The temporary file beside `path` that its bytes go to before the rename (`.tmp-PID-name`:
    /// in the run's staging folder, so an interrupted run leaves it only there).
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".tmp-\(getpid())-\(url.lastPathComponent)").path
    }

    /// Runs `body` with a temporary path beside `path` for it to write (itself or through another
    /// program), then renames the result into place. On any failure the temporary file goes.
    public static func produce(_ path: String, _ body: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw TargetingError("cannot create the output folder \(dir.path): \(error.localizedDescription)",
                                 hint: "choose another --out folder or fix its permissions")
        }
        let tmp = temporaryPath(for: path)
        do {
            try body(tmp)
        } catch {
            removeTemporary(tmp)
            throw error
        }
        guard rename(tmp, url.path) == 0 else {
            let why = String(cString: strerror(errno))
            removeTemporary(tmp)
            throw TargetingError("cannot replace \(path): \(why)")
        }
    }

    /// Removes a temporary file after a failure, unless a symbolic link stands at its name: the
    /// writers refuse to open through a link (`O_NOFOLLOW`), so a link there is not the run's.
    static func removeTemporary(_ tmp: String) {
        var info = stat()
        guard lstat(tmp, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { return }
        unlink(tmp)
    }
}
