import Foundation
import Domain
#if canImport(Glibc)
import Glibc
#endif

/// A file written piece by piece, atomically (through `AtomicFile.produce`: a temporary file
/// renamed into place), with the SHA-256 of its bytes computed as they go: an output of hundreds
/// of megabytes (`fact_rows.csv` at 5 million events, `units.geojson`) is neither held whole in
/// memory nor read back to be hashed for the run manifest.
public struct HashedFile {
    private let descriptor: Int32
    private let path: String
    private var hash = SHA256()
    private var pending: [UInt8] = []
    /// Bytes held before they go to the file (and the hash) in one piece.
    static let chunk = 1 << 20

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor; self.path = path
        pending.reserveCapacity(Self.chunk + (Self.chunk >> 2))
    }

    /// Writes `path` from what `body` appends; returns the SHA-256 (hex) of the bytes written.
    /// On any failure the temporary file goes and nothing replaces `path`.
    public static func write(to path: String, _ body: (inout HashedFile) throws -> Void) throws -> String {
        var digest = ""
        try AtomicFile.produce(path) { tmp in
            let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw TargetingError("cannot write in \((path as NSString).deletingLastPathComponent): \(String(cString: strerror(errno)))",
                                     hint: "check free space and permissions")
            }
            defer { close(fd) }
            var file = HashedFile(descriptor: fd, path: path)
            try body(&file)
            try file.flush()
            guard fsync(fd) == 0 else { throw writeError(path) }
            digest = file.hash.finalizeHex()
        }
        return digest
    }

    /// Bytes to append; they reach the file once a megabyte is pending (or at the end). A piece
    /// of a megabyte or more goes straight to the file, without a copy.
    public mutating func append<C: Collection>(contentsOf bytes: C) throws where C.Element == UInt8 {
        if bytes.count >= Self.chunk, !pending.isEmpty { try flush() }
        if bytes.count >= Self.chunk, try bytes.withContiguousStorageIfAvailable({
            try Self.put(UnsafeRawBufferPointer($0), to: descriptor, hash: &hash, path: path)
        }) != nil { return }
        pending.append(contentsOf: bytes)
        if pending.count >= Self.chunk { try flush() }
    }

    public mutating func append(_ text: String) throws { try append(contentsOf: text.utf8) }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try pending.withUnsafeBytes { try Self.put($0, to: descriptor, hash: &hash, path: path) }
        pending.removeAll(keepingCapacity: true)
    }

    /// Hashes `piece` and writes it whole (a short write is continued, EINTR retried).
    private static func put(_ piece: UnsafeRawBufferPointer, to descriptor: Int32, hash: inout SHA256, path: String) throws {
        hash.update(piece)
        var offset = 0
        while offset < piece.count {
            let n = Glibc.write(descriptor, piece.baseAddress! + offset, piece.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw writeError(path) }
            offset += n
        }
    }

    private static func writeError(_ path: String) -> TargetingError {
        TargetingError("writing \(path) failed: \(String(cString: strerror(errno)))", hint: "check free space")
    }
}
