import Foundation
import Domain
#if canImport(Glibc)
import Glibc
#endif

/// One file made of numbered parts that several threads spell at once (`fact_rows.csv`: 843 MB
/// at 100,000 units, too big to be one core's job). Each part is handed over when ready; parts
/// reach the file strictly in number order, hashed on the way, by whichever thread hands over the
/// next one due, so the bytes are those of one thread writing the parts one after the other.
///
/// Atomic as `AtomicFile`: the parts go to a temporary file beside `path`, synchronised and
/// renamed into place once the last one is written; on a failure it is removed and `path` is
/// left as it was. Memory stays bounded: a thread whose part is not due waits while `held`
/// parts are already waiting (the thread spelling the part due never waits, so all progress).
public final class OrderedFile: @unchecked Sendable {
    public let path: String
    public let partCount: Int
    private let temporary: String
    private let held: Int
    private let condition = NSCondition()
    private var waiting: [Int: [UInt8]] = [:]
    private var due = 0
    private var writing = false
    private let file: UnbufferedFile
    private var hash = SHA256()
    private var failure: Error?
    private var digest: String?

    /// Creates the temporary file now (a folder that cannot be written fails here, before any
    /// part is spelled). `held`: how many finished parts may wait for their turn in memory.
    public init(path: String, partCount: Int, held: Int = 4) throws {
        precondition(partCount > 0 && held > 0)
        self.path = path; self.partCount = partCount; self.held = held
        temporary = AtomicFile.temporaryPath(for: path)
        file = try UnbufferedFile(creating: temporary, reportedAs: path)
    }

    /// Hands over part `number` (0 ..< partCount). Parts must be started in number order (each
    /// thread taking the next number), so that the part due is always being made by a thread that
    /// does not wait. Returns the file's SHA-256 (hex) to the call
    /// that completed it (the file is then in place), nil to the others. Throws the first write
    /// failure, to this call and every later one.
    public func deliver(_ number: Int, _ bytes: [UInt8]) throws -> String? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= held && number != due && failure == nil { condition.wait() }
        if let failure { throw failure }
        waiting[number] = bytes
        // One writer at a time; it takes every part that is due, including those handed over
        // while it was writing.
        guard !writing else { return nil }
        writing = true
        defer { writing = false; condition.broadcast() }
        while let part = waiting.removeValue(forKey: due) {
            condition.unlock()
            let written = Result { try append(part) }
            condition.lock()
            if case .failure(let error) = written { fail(error); throw error }
            due += 1
            condition.broadcast()
        }
        guard due == partCount, digest == nil else { return nil }
        do { try finish() } catch { fail(error); throw error }
        return digest
    }

    /// Called by the writer only, without the lock (no other thread touches the file meanwhile).
    private func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try HashedFile.hashAndAppend($0, hash: &hash, file: file) }
    }

    private func finish() throws {
        try file.finish()
        try file.close()
        guard rename(temporary, path) == 0 else {
            throw TargetingError("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        digest = hash.finalizeHex()
    }

    /// Called with the lock held, by the writer (so the file is not being written): keeps the
    /// first failure, removes the temporary file.
    private func fail(_ error: Error) {
        guard failure == nil else { return }
        failure = error
        try? file.close()
        unlink(temporary)
        condition.broadcast()
    }

    deinit {
        // Not finished (a part was never handed over): the temporary file goes.
        if digest == nil && failure == nil { try? file.close(); unlink(temporary) }
    }
}
