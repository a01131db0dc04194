import Foundation
import Domain

/// A file written piece by piece, atomically (through `AtomicFile.produce`: a temporary file
/// renamed into place), with the SHA-256 of its bytes computed as they go: an output of hundreds
/// of megabytes (`fact_rows.csv` at 5 million events, `units.geojson`) is neither held whole in
/// memory nor read back to be hashed for the run manifest. The bytes go to disk in large blocks,
/// past the page cache where the file system allows (`UnbufferedFile`).
public struct HashedFile {
    private let file: UnbufferedFile
    private var hash = SHA256()

    private init(file: UnbufferedFile) { self.file = file }

    /// Writes `path` from what `body` appends; returns the SHA-256 (hex) of the bytes written.
    /// On any failure the temporary file goes and nothing replaces `path`.
    public static func write(to path: String, _ body: (inout HashedFile) throws -> Void) throws -> String {
        var digest = ""
        try AtomicFile.produce(path) { tmp in
            var hashed = HashedFile(file: try UnbufferedFile(creating: tmp, reportedAs: path))
            try body(&hashed)
            try hashed.file.finish()
            try hashed.file.close()
            digest = hashed.hash.finalizeHex()
        }
        return digest
    }

    /// Bytes to append (hashed now, on disk once a few megabytes are pending, or at the end).
    public mutating func append<C: Collection>(contentsOf bytes: C) throws where C.Element == UInt8 {
        let file = file
        if try bytes.withContiguousStorageIfAvailable({ piece -> Void in
            try Self.hashAndAppend(UnsafeRawBufferPointer(piece), hash: &hash, file: file)
        }) == nil {
            try append(contentsOf: Array(bytes))
        }
    }

    /// Hashes `bytes` and appends them to `file` a block at a time, each block copied while it
    /// is still in the core's cache from hashing (two passes over megabytes that had left it
    /// read them twice from memory).
    static func hashAndAppend(_ bytes: UnsafeRawBufferPointer, hash: inout SHA256, file: UnbufferedFile) throws {
        let block = 1 << 16
        var start = 0
        while start < bytes.count {
            let piece = UnsafeRawBufferPointer(rebasing: bytes[start ..< min(bytes.count, start + block)])
            hash.update(piece)
            try file.append(piece)
            start += piece.count
        }
    }

    public mutating func append(_ text: String) throws { try append(contentsOf: text.utf8) }
}
