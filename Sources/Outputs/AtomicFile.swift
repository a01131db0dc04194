import Foundation
import Domain

/// Writes a file so that readers only ever see the old content or the complete new content: the
/// bytes go to a temporary file in the same folder (same file system, so rename is atomic), are
/// flushed, and the temporary file is renamed over the target. An interrupted run leaves the
/// previous output intact and at most a `.tmp-…` file behind.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw TargetingError("cannot create the output folder \(dir.path): \(error.localizedDescription)",
                                 hint: "choose another --out folder or fix its permissions")
        }
        let tmp = dir.appendingPathComponent(".tmp-\(getpid())-\(url.lastPathComponent)")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
            throw TargetingError("cannot write in \(dir.path)", hint: "check free space and permissions")
        }
        do {
            let handle = try FileHandle(forWritingTo: tmp)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw TargetingError("writing \(path) failed: \(error.localizedDescription)", hint: "check free space")
        }
        guard rename(tmp.path, url.path) == 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw TargetingError("cannot replace \(path): \(why)")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
