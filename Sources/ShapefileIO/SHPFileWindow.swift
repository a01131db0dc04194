import Foundation
import Domain

/// What the walk of a .shp's record headers (`SHPStructure`) reads: its size and 32-bit integers.
protocol SHPByteSource {
    var count: Int { get }
    func i32BE(_ o: Int) throws -> Int
    func i32LE(_ o: Int) throws -> Int
}

extension Array: SHPByteSource where Element == UInt8 {}

/// A .shp read through a 1 MB window for the walk of its record headers, instead of whole: the
/// walk needs 12 bytes per record, and a whole copy (30 MB for 6,000 detailed units) is fresh
/// memory the kernel must clear page by page, only to be dropped once walked (shapelib reads the
/// shapes from the file itself). The window moves forward with the walk, so each byte is read
/// about once. Opened like every input: checked as a regular file, without blocking, its size
/// bounded before any byte is read.
final class SHPFileWindow: SHPByteSource {
    let count: Int
    private let path: String
    private let fd: Int32
    private var window: [UInt8]
    /// The window holds the file's bytes `start ..< start + filled`.
    private var start = 0, filled = 0
    static let windowBytes = 1 << 20

    init(path: String, limit: Int) throws {
        let role = ".shp file"
        try InputFile.checkRegular(path: path, role: role)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw TargetingError("the \(role) cannot be opened: \(String(cString: strerror(errno)))", at: SourceLocation(file: path),
                                 hint: "check the path and the file's permissions")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw TargetingError("the \(role) is not a regular file", at: SourceLocation(file: path), hint: "give the path of a regular file")
        }
        guard Int(st.st_size) <= limit else {
            close(fd)
            throw BoundedFile.tooLarge(path, size: Int(st.st_size), limit: limit, what: ".shp")
        }
        self.fd = fd
        self.path = path
        count = Int(st.st_size)
        window = [UInt8](repeating: 0, count: min(count, Self.windowBytes))
    }

    deinit { close(fd) }

    /// The first `n` bytes (at most the file's).
    func prefix(_ n: Int) throws -> [UInt8] {
        let n = min(n, count)
        try load(0, n)
        return Array(window[0 ..< n])
    }

    func i32BE(_ o: Int) throws -> Int {
        try load(o, 4)
        let i = o - start
        return Int(Int32(bitPattern: UInt32(window[i]) << 24 | UInt32(window[i + 1]) << 16 | UInt32(window[i + 2]) << 8 | UInt32(window[i + 3])))
    }

    func i32LE(_ o: Int) throws -> Int {
        try load(o, 4)
        let i = o - start
        return Int(Int32(bitPattern: UInt32(window[i]) | UInt32(window[i + 1]) << 8 | UInt32(window[i + 2]) << 16 | UInt32(window[i + 3]) << 24))
    }

    /// Makes the window hold bytes `o ..< o + n` (within the file's size), reading from `o` on when it does not.
    private func load(_ o: Int, _ n: Int) throws {
        if o >= start && o + n <= start + filled { return }
        start = o
        filled = 0
        let want = min(window.count, count - o)
        try window.withUnsafeMutableBytes { buffer in
            while filled < want {
                let got = pread(fd, buffer.baseAddress! + filled, want - filled, off_t(o + filled))
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else {
                    throw TargetingError("the .shp file could not be read: \(String(cString: strerror(errno)))", at: SourceLocation(file: path),
                                         hint: "check the disk and the file, then run again")
                }
                if got == 0 { break }
                filled += got
            }
        }
        guard filled >= n else {
            throw TargetingError("the .shp file changed while it was read: it is now \(o + filled) bytes, not \(count)", at: SourceLocation(file: path),
                                 hint: "run again once the file is no longer being written")
        }
    }
}
