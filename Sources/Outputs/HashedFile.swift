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
            hash.update(UnsafeRawBufferPointer(piece))
            try file.append(UnsafeRawBufferPointer(piece))
        }) == nil {
            try append(contentsOf: Array(bytes))
        }
    }

    public mutating func append(_ text: String) throws { try append(contentsOf: text.utf8) }
}
