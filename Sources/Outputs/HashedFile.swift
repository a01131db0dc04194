import Foundation
import Domain

/// A file written piece by piece, atomically (through `AtomicFile.produce`: a temporary file
/// renamed into place), with the SHA-256 of its bytes computed as they go: an output of hundreds
/// of megabytes (`fact_rows.csv` at 5 million events) is neither held whole in memory nor read
/// back to be hashed for the run manifest.
public struct HashedFile {
    private let handle: FileHandle
    private let path: String
    private var hash = SHA256()
    private var pending: [UInt8] = []
    /// Bytes held before they go to the file (and the hash) in one piece.
    private static let chunk = 1 << 20

    private init(handle: FileHandle, path: String) {
        self.handle = handle; self.path = path
        pending.reserveCapacity(Self.chunk + (Self.chunk >> 2))
    }

    /// Writes `path` from what `body` appends; returns the SHA-256 (hex) of the bytes written.
    /// On any failure the temporary file goes and nothing replaces `path`.
    public static func write(to path: String, _ body: (inout HashedFile) throws -> Void) throws -> String {
        var digest = ""
        try AtomicFile.produce(path) { tmp in
            guard FileManager.default.createFile(atPath: tmp, contents: nil),
                  let handle = FileHandle(forWritingAtPath: tmp) else {
                throw TargetingError("cannot write in \((path as NSString).deletingLastPathComponent)", hint: "check free space and permissions")
            }
            defer { try? handle.close() }
            var file = HashedFile(handle: handle, path: path)
            try body(&file)
            try file.flush()
            do { try handle.synchronize() } catch {
                throw TargetingError("writing \(path) failed: \(error.localizedDescription)", hint: "check free space")
            }
            digest = file.hash.finalizeHex()
        }
        return digest
    }

    /// Bytes to append; they reach the file once a megabyte is pending (or at the end).
    public mutating func append<C: Collection>(contentsOf bytes: C) throws where C.Element == UInt8 {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.chunk { try flush() }
    }

    public mutating func append(_ text: String) throws { try append(contentsOf: text.utf8) }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        hash.update(pending)
        do {
            try pending.withUnsafeBytes { try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0.baseAddress!), count: $0.count, deallocator: .none)) }
        } catch {
            throw TargetingError("writing \(path) failed: \(error.localizedDescription)", hint: "check free space")
        }
        pending.removeAll(keepingCapacity: true)
    }
}
