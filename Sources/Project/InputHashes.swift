import Foundation
import Domain

/// SHA-256 of the input files, computed on a background queue while the loader parses them.
final class InputHashes: @unchecked Sendable {
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var digests: [String: String] = [:]
    private var failure: TargetingError?
    /// Files read whole and hashed from their bytes, checked once every reader is done.
    private var readWhole: [FileBytes] = []

    init(paths: [String]) {
        for path in Set(paths).sorted() {
            DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
                do {
                    let digest = try ProjectLoader.hash(path)
                    lock.lock(); digests[path] = digest; lock.unlock()
                } catch let e as TargetingError {
                    lock.lock(); failure = failure ?? e; lock.unlock()
                } catch {
                    lock.lock(); failure = failure ?? TargetingError("cannot read \(path): \(error)"); lock.unlock()
                }
            }
        }
    }

    /// Hashes, on the same background queue, the bytes of a file the loader has read whole (a CSV
    /// table), in place of reading it again: its digest is given under `path` like the others.
    /// The bytes are kept until `wait`, which checks that the file was not written to while it
    /// was read, hashed and typed (see `FileBytes.verifyUnchanged`).
    func add(path: String, bytes: FileBytes) {
        lock.lock(); readWhole.append(bytes); lock.unlock()
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            var h = SHA256()
            bytes.withUnsafeBytes { h.update($0) }
            let digest = h.finalizeHex()
            lock.lock(); digests[path] = digest; lock.unlock()
        }
    }

    /// Every digest by path, once all are done; the first read failure is thrown. Called once
    /// every layer is read (their bytes are no longer read by anything else).
    func wait() throws -> [String: String] {
        group.wait()
        lock.lock(); defer { lock.unlock() }
        if let failure { throw failure }
        for bytes in readWhole { try bytes.verifyUnchanged() }
        readWhole = []
        return digests
    }
}
