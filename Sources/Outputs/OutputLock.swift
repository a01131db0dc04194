import Foundation
import Domain
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per output folder: an exclusive `flock` on `.targeting-lock`, a file of
/// ours inside the folder, held until the process ends (the kernel releases it even on SIGKILL,
/// so a crashed run never leaves the folder locked). The holder writes its PID into the file so
/// that a refused run can name it, and deletes the file when it releases the lock. A run that
/// locked a file which was deleted meanwhile (its holder released it between our open and our
/// flock) starts over, so two runs never hold locks on two different files of the same name.
public final class OutputLock: @unchecked Sendable {
    static let fileName = ".targeting-lock"
    static let header = "targeting: output folder lock"

    private var descriptor: Int32
    private let path: String

    private init(descriptor: Int32, path: String) { self.descriptor = descriptor; self.path = path }
    deinit { release() }

    /// Deletes the lock file and unlocks (the file first, while still holding the lock).
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    /// Locks `folder` (which must exist), or throws: exit 4 naming the folder and the process
    /// holding it; exit 2 if a file of that name is there and is not ours.
    public static func acquire(folder: String) throws -> OutputLock {
        let path = (folder as NSString).appendingPathComponent(fileName)
        // Each retry follows a release by another run; a hundred in a row means a file system
        // whose inodes are not stable, where such a lock cannot work.
        for _ in 0..<100 {
            if let lock = try attempt(path, folder: folder) { return lock }
        }
        throw TargetingError("cannot lock the output folder \(folder): its lock file keeps changing",
                             hint: "choose an --out folder on a local disk")
    }

    /// One try: the lock, an error, or nil when the file locked was deleted meanwhile.
    private static func attempt(_ path: String, folder: String) throws -> OutputLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TargetingError("cannot open the lock file \(path): \(String(cString: strerror(errno)))",
                                 hint: "check that the output folder \(folder) is writable, or choose another --out")
        }
        let existing = contents(fd)
        guard existing.isEmpty || existing.hasPrefix(header) else {
            close(fd)
            throw TargetingError("\(path) was not written by targeting, so it is left alone and the run stops",
                                 hint: "rename or remove that file, or choose another --out folder")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let why = errno
            // A PID that no longer runs is the previous holder's: the new one has not written yet.
            let holder = holderPID(contents(fd)).flatMap { kill($0, 0) == 0 || errno == EPERM ? $0 : nil }
            close(fd)
            guard why == EWOULDBLOCK else {
                throw TargetingError("cannot lock the output folder \(folder): \(String(cString: strerror(why)))",
                                     hint: "choose an --out folder on a local disk")
            }
            let who = holder.map { "another targeting run (process \($0))" } ?? "another targeting run"
            throw OutputFolderError(TargetingError("the output folder \(folder) is in use by \(who); nothing was written",
                                                   hint: "wait for that run to finish and run again, or choose another --out folder"),
                                    exitStatus: OutputFolderError.lockedStatus)
        }
        var opened = stat(), named = stat()
        guard fstat(fd, &opened) == 0, lstat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev else {
            close(fd)
            return nil
        }
        let line = "\(header), held by process \(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = line.withCString { pwrite(fd, $0, strlen($0), 0) }
        return OutputLock(descriptor: fd, path: path)
    }

    private static func contents(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    /// The PID in "…, held by process N".
    static func holderPID(_ text: String) -> Int32? {
        guard let r = text.range(of: "held by process ") else { return nil }
        return Int32(text[r.upperBound...].prefix(while: { $0.isNumber }))
    }
}
