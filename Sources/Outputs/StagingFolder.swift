import Foundation
import Domain
#if canImport(Glibc)
import Glibc
#endif

/// The folder a run writes its outputs into before they are moved into the output folder:
/// `OUT/.staging-PID` (same file system, so the moves are renames), holding a marker file that
/// proves it is ours. Only folders with that exact name pattern, that marker, and a PID that no
/// longer runs are ever removed as leftovers: a user's `.staging-2024/` or `.tmp-2024-backup/`
/// is never touched.
public enum StagingFolder {
    public static let marker = ".targeting-staging"
    static let prefix = ".staging-"

    /// Creates `folder/.staging-PID` with its marker, replacing a leftover of this same PID.
    /// When that name is taken by a folder that is not a leftover (one an earlier failed commit
    /// kept, unmarked, because it holds the only copy of previous outputs; PIDs repeat in
    /// containers), the run takes `.staging-PID-2`, `-3`, … and leaves that folder alone.
    public static func create(in folder: String) throws -> String {
        let base = (folder as NSString).appendingPathComponent(prefix + String(getpid()))
        var path = base
        for n in 2...1000 {
            if isOurs(path) { try? FileManager.default.removeItem(atPath: path) }
            if PathKind(path: path) == .missing { break }
            path = base + "-" + String(n)
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try Data("staging folder of a targeting run; removed when the run ends\n".utf8)
                .write(to: URL(fileURLWithPath: (path as NSString).appendingPathComponent(marker)))
        } catch {
            throw TargetingError("cannot create the staging folder \(path): \(error.localizedDescription)",
                                 hint: "check that the output folder is writable and has free space, or choose another --out")
        }
        return path
    }

    /// True for a folder named `.staging-DIGITS` (or `.staging-DIGITS-DIGITS`) holding our marker file.
    static func isOurs(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        guard name.hasPrefix(prefix), pid(of: name) != nil, PathKind(path: path) == .folder else { return false }
        return PathKind(path: (path as NSString).appendingPathComponent(marker)) == .regularFile
    }

    static func pid(of name: String) -> Int32? {
        guard name.hasPrefix(prefix) else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Int32(parts[0])
    }

    /// Removes the staging folders of runs that ended without cleaning up (killed outright).
    /// Returns their names.
    @discardableResult
    public static func removeLeftovers(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let pid = pid(of: name), pid != getpid(), isOurs(path) else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue } // still running
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        return removed
    }

    /// Keeps a staging folder for good (its marker goes), when it holds the previous outputs a
    /// user must restore by hand.
    static func keep(_ path: String) {
        unlink((path as NSString).appendingPathComponent(marker))
    }
}
