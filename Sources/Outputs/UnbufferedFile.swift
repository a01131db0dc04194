import Foundation
import Domain
#if canImport(Glibc)
import Glibc
#endif

/// A large output written in whole aligned blocks straight to the disk (`O_DIRECT`), not copied
/// into the page cache first: every output is synchronised to disk before the run commits, and
/// on a virtual machine copying `fact_rows.csv` and `units.geojson` (100 MB at 6,000 units) into
/// the cache cost a quarter of a second of system time, as much as spelling them. Where the file
/// system refuses direct writes (tmpfs, some network file systems) the same bytes go through the
/// cache as usual. The last partial block goes through the cache (a direct write is whole
/// blocks), then the file is synchronised. The bytes on disk are those appended, in order.
///
/// A direct write returns only once the disk has the bytes: each full buffer is handed to the
/// disk writer's thread (`DiskWriter`) and the next is filled meanwhile, from a second buffer
/// (made for files of more than one buffer only), so that spelling a large file does not stop
/// for the disk every few megabytes. At most one write of a file is in flight; its error is
/// thrown by the next call.
final class UnbufferedFile: @unchecked Sendable {
    /// Direct writes start at, and are sized in, multiples of this (the largest logical block of
    /// common disks); the buffer's address is aligned on it too.
    static let blockSize = 4096
    static let bufferSize = 4 << 20
    private var descriptor: Int32
    private var buffer: UnsafeMutableRawPointer
    /// The other buffer: being written while `buffer` fills, or free.
    private var spare: UnsafeMutableRawPointer?
    private var inFlight: DiskWriter.Write?
    private var filled = 0
    private var direct: Bool
    /// The file as messages name it (the target, not the temporary file written).
    private let path: String

    /// Creates (or empties) `temporary`, named `path` in messages.
    init(creating temporary: String, reportedAs path: String) throws {
        self.path = path
        // O_NOFOLLOW: a link left under the temporary name must not let the run empty the file
        // it points to (a file the run did not create); the open then fails and says so.
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW
        var fd = Self.directFlag.map { open(temporary, flags | $0, 0o644) } ?? -1
        direct = fd >= 0
        if fd < 0 { fd = open(temporary, flags, 0o644) }
        guard fd >= 0 else {
            throw TargetingError("cannot write in \((path as NSString).deletingLastPathComponent): \(String(cString: strerror(errno)))",
                                 hint: "check free space and permissions")
        }
        descriptor = fd
        buffer = Self.pool.take()
    }

    deinit {
        _ = inFlight?.wait() // the writer's thread may still be reading the spare buffer
        if descriptor >= 0 { Glibc.close(descriptor) }
        Self.pool.give(buffer)
        if let spare { Self.pool.give(spare) }
    }

    /// The buffers of files written, for the next files to fill: a run writes a dozen files or
    /// more, two or three at a time, and a fresh buffer for each was a thousand fresh pages (the
    /// kernel zeroing each) for every large file; reused, they are already there.
    private static let pool = BufferPool(keeping: 4)

    /// `O_DIRECT`, which Swift's Glibc module does not export (its value differs by architecture).
    static let directFlag: Int32? = {
        #if os(Linux) && arch(x86_64)
        return 0o40000
        #elseif os(Linux) && arch(arm64)
        return 0o200000
        #else
        return nil
        #endif
    }()

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, Self.bufferSize - filled)
            (buffer + filled).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            filled += n; offset += n
            if filled == Self.bufferSize { try handOver() }
        }
    }

    /// Hands the full buffer to the disk writer and goes on with the other one, once the
    /// previous write is done.
    private func handOver() throws {
        try awaitWrite()
        let full = buffer
        buffer = spare ?? Self.pool.take()
        spare = full
        filled = 0
        inFlight = DiskWriter.shared.write { [self] in try put(Self.bufferSize, from: full) }
    }

    /// Waits for the write in flight, if any; throws its error.
    private func awaitWrite() throws {
        guard let write = inFlight else { return }
        inFlight = nil
        if let error = write.wait() { throw error }
    }

    /// Closes the file (at once, rather than when the object goes), reporting what `close` reports.
    func close() throws {
        let written = Result { try awaitWrite() }
        guard descriptor >= 0 else { return try written.get() }
        let closed = Glibc.close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw writeFailed() }
        try written.get()
    }

    /// Writes what is pending and synchronises the file to disk.
    func finish() throws {
        try awaitWrite()
        let whole = filled / Self.blockSize * Self.blockSize
        if whole > 0 {
            try put(whole, from: buffer)
            (buffer).copyMemory(from: buffer + whole, byteCount: filled - whole)
            filled -= whole
        }
        if filled > 0 { try throughCache(); try put(filled, from: buffer); filled = 0 }
        guard fsync(descriptor) == 0 else { throw writeFailed() }
    }

    /// Writes the first `count` bytes of `buffer`; direct writes refused mid-way (EINVAL: an
    /// alignment this file system wants larger) go on through the cache. Called by one thread
    /// at a time: the file's own, or the disk writer's while the file's waits or fills the other
    /// buffer (never both: `awaitWrite` comes first).
    private func put(_ count: Int, from buffer: UnsafeMutableRawPointer) throws {
        var offset = 0
        while offset < count {
            let n = write(descriptor, buffer + offset, count - offset)
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno == EINVAL && direct { try throughCache(); continue }
            guard n > 0 else { throw writeFailed() }
            offset += n
            // A short direct write leaves the file offset unaligned: the rest goes through the cache.
            if offset < count && direct { try throughCache() }
        }
    }

    private func throughCache() throws {
        guard direct, let flag = Self.directFlag else { return }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~flag) == 0 else { throw writeFailed() }
        direct = false
    }

    private func writeFailed() -> TargetingError {
        TargetingError("writing \(path) failed: \(String(cString: strerror(errno)))", hint: "check free space")
    }
}

/// Aligned buffers of `UnbufferedFile.bufferSize` bytes, kept for reuse, at most `keeping` of them
/// (the others are freed): as many as the files written at once use.
private final class BufferPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [UnsafeMutableRawPointer] = []
    private let keeping: Int
    init(keeping: Int) { self.keeping = keeping }

    func take() -> UnsafeMutableRawPointer {
        lock.lock()
        let kept = free.popLast()
        lock.unlock()
        return kept ?? UnsafeMutableRawPointer.allocate(byteCount: UnbufferedFile.bufferSize, alignment: UnbufferedFile.blockSize)
    }

    func give(_ buffer: UnsafeMutableRawPointer) {
        lock.lock()
        let keep = free.count < keeping
        if keep { free.append(buffer) }
        lock.unlock()
        if !keep { buffer.deallocate() }
    }
}
