import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one gate every input passes before it is read: manifest, rules script, CSV tables and each
/// file of a shapefile. An input must be a regular file once symbolic links are followed: a named
/// pipe would block `open` until something writes to it (a run that hangs forever), a device never
/// ends, and a folder is a wrong path. Sizes come from the link's target (stat, not lstat), so a
/// link cannot carry a huge file past a size limit.
public enum InputFile {
    /// Bound for the hand-written text inputs (project manifest, rules script): far beyond any real
    /// one, small enough to read whole.
    public static let maxTextBytes = 16 << 20

    /// Checks that `path` names a regular file after following links and returns its size in bytes.
    /// `role` names the file in messages ("CSV table", ".dbf file", "rules script").
    @discardableResult
    public static func checkRegular(path: String, role: String) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw cannotOpen(path, role: role, errno: errno) }
        try requireRegular(st, path: path, role: role)
        return Int(st.st_size)
    }

    /// Reads a whole regular file of at most `limit` bytes; `tooLarge(size)` is the error for a
    /// bigger one, thrown before any byte is read. The file is opened without blocking and checked
    /// on the open descriptor, so a file swapped for a pipe after a check cannot hang the run.
    public static func read(path: String, role: String, limit: Int,
                            tooLarge: ((Int) -> TargetingError)? = nil) throws -> [UInt8] {
        try withOpened(path: path, role: role) { fd, st in
            try readAll(fd, size: checkedSize(st, path: path, role: role, limit: limit, tooLarge: tooLarge), path: path, role: role)
        }
    }

    /// The file's size, when it is within `limit` (else `tooLarge(size)`, or a message of our own).
    static func checkedSize(_ st: stat, path: String, role: String, limit: Int, tooLarge: ((Int) -> TargetingError)?) throws -> Int {
        let size = Int(st.st_size)
        guard size <= limit else {
            throw tooLarge?(size) ?? TargetingError("the \(role) is \(size) bytes, over the limit of \(limit) bytes",
                                                    at: SourceLocation(file: path), hint: "check that this is the intended file")
        }
        return size
    }

    /// The `size` bytes of the open file `fd`.
    static func readAll(_ fd: Int32, size: Int, path: String, role: String) throws -> [UInt8] {
        // Read straight into uninitialised storage: zeroing it first would be one more pass
        // over every byte of a large table, only for `read` to overwrite it.
        try [UInt8](unsafeUninitializedCapacity: size) { buffer, filled in
            filled = 0
            guard let base = buffer.baseAddress else { return }
            while filled < size {
                let n = Glibc.read(fd, base + filled, size - filled)
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw readFailed(path, role: role, errno: errno) }
                if n == 0 { break }
                filled += n
            }
            // The file shrank while being read (another program writing it): half a table read
            // as if whole would give a normal-looking list and a digest of the half.
            guard filled == size else {
                throw TargetingError("the \(role) changed while it was read: \(size) bytes at the start, \(filled) read",
                                     at: SourceLocation(file: path), hint: "wait until the file is written completely, then run again")
            }
        }
    }

    /// Hands the file to `body` a chunk at a time (for hashing inputs without holding them whole).
    public static func forEachChunk(path: String, role: String, chunkSize: Int = 1 << 20,
                                    _ body: (UnsafeRawBufferPointer) -> Void) throws {
        try withOpened(path: path, role: role) { fd, _ in
            var buffer = [UInt8](repeating: 0, count: chunkSize)
            try buffer.withUnsafeMutableBytes { raw in
                while true {
                    let n = Glibc.read(fd, raw.baseAddress!, chunkSize)
                    if n < 0 && errno == EINTR { continue }
                    guard n >= 0 else { throw readFailed(path, role: role, errno: errno) }
                    if n == 0 { return }
                    body(UnsafeRawBufferPointer(rebasing: raw[0..<n]))
                }
            }
        }
    }

    // MARK: Opening and checking

    static func withOpened<T>(path: String, role: String, _ body: (Int32, stat) throws -> T) throws -> T {
        // Checked before opening: opening a folder read-only succeeds, and a message about a
        // folder is better than one about a failed read.
        try checkRegular(path: path, role: role)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw cannotOpen(path, role: role, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw readFailed(path, role: role, errno: errno) }
        try requireRegular(st, path: path, role: role)
        return try body(fd, st)
    }

    static func requireRegular(_ st: stat, path: String, role: String) throws {
        let here = SourceLocation(file: path)
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            throw TargetingError("the \(role) is a folder, not a file", at: here,
                                 hint: "give the path of the \(role) itself" + folderContents(path))
        case S_IFIFO:
            throw TargetingError("the \(role) is a named pipe (FIFO), not a regular file", at: here,
                                 hint: "inputs are read only from regular files (reading a pipe would wait for a writer, possibly forever); save the data to a file and give its path")
        case S_IFCHR, S_IFBLK:
            throw TargetingError("the \(role) is a device, not a regular file", at: here,
                                 hint: "inputs are read only from regular files; save the data to a file and give its path")
        case S_IFSOCK:
            throw TargetingError("the \(role) is a socket, not a regular file", at: here,
                                 hint: "inputs are read only from regular files; save the data to a file and give its path")
        default:
            throw TargetingError("the \(role) is not a regular file", at: here, hint: "give the path of a regular file")
        }
    }

    /// "; the folder holds a.shp, b.csv" for the input files found in a folder given by mistake.
    static func folderContents(_ path: String) -> String {
        let inputs: Set<String> = ["shp", "csv", "tsv", "txt", "toml", "lua", "gpkg", "geojson", "json", "zip", "xlsx"]
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { inputs.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        guard !names.isEmpty else { return ", not of the folder holding it" }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", … (\(names.count) in all)" : "")
        return ", not of the folder holding it; this folder holds \(shown)"
    }

    static func cannotOpen(_ path: String, role: String, errno code: Int32) -> TargetingError {
        let here = SourceLocation(file: path)
        switch code {
        case ENOENT:
            var link = stat()
            if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                return TargetingError("the \(role) is a symbolic link to \(target), which does not exist", at: here,
                                      hint: "fix the link, or give the path of the file itself")
            }
            return TargetingError("file not found", at: here, hint: "check the path")
        case EACCES:
            return TargetingError("the \(role) cannot be read: permission denied", at: here,
                                  hint: "check the file's permissions (it must be readable by this user)")
        case ELOOP:
            return TargetingError("the \(role) is a symbolic link that loops back on itself", at: here,
                                  hint: "fix the link, or give the path of the file itself")
        case ENAMETOOLONG:
            return TargetingError("the path of the \(role) is too long for the file system", at: here,
                                  hint: "move the file to a folder with a shorter path")
        case ENOTDIR:
            return TargetingError("file not found: a part of the path is a file, not a folder", at: here, hint: "check the path")
        default:
            return TargetingError("the \(role) cannot be opened: \(String(cString: strerror(code)))", at: here,
                                  hint: "check the path and the file's permissions")
        }
    }

    static func readFailed(_ path: String, role: String, errno code: Int32) -> TargetingError {
        TargetingError("the \(role) could not be read: \(String(cString: strerror(code)))", at: SourceLocation(file: path),
                       hint: "check the disk and the file, then run again")
    }
}
