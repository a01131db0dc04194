import Foundation
import Domain

/// One output file as the run manifest records it: its name in the output folder and the
/// SHA-256 of its bytes. The next run into the same folder uses the list to recognise the
/// previous run's files it does not write again, and removes them only while their bytes are
/// still exactly those recorded: a file a user put there, edited or replaced is never removed.
public struct RecordedOutput: Codable, Equatable, Sendable {
    public var file: String
    public var sha256: String

    public init(file: String, sha256: String) { self.file = file; self.sha256 = sha256 }

    /// Every visible file of `folder` (hidden ones are ours: staging marker, temporary files),
    /// sorted by name, with its hash. `known`: hashes computed as the files were written (by
    /// name), so that those files are not read back.
    public static func list(in folder: String, known: [String: String] = [:]) throws -> [RecordedOutput] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        // The files not hashed as written (shapefile parts, GeoPackage, PNGs): on every core.
        let hashes = HashSlots(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            if let hash = known[names[i]] { hashes.set(i, hash); return }
            let path = (folder as NSString).appendingPathComponent(names[i])
            hashes.set(i, FileManager.default.contents(atPath: path).map { SHA256.hex($0) })
        }
        return try names.indices.map { i in
            guard let hash = hashes.value(i) else {
                throw TargetingError("cannot read back the output \((folder as NSString).appendingPathComponent(names[i]))",
                                     hint: "check free space and permissions")
            }
            return RecordedOutput(file: names[i], sha256: hash)
        }
    }

    /// The files of `folder` listed in `previous` that the new run does not write (`newNames`),
    /// and that are still provably the previous run's: a plain name (no folder, not hidden), a
    /// regular file whose bytes hash to what was recorded, and not one of `protected` (the run's
    /// inputs, which a user may have copied from an earlier output).
    public static func stale(previous: [RecordedOutput], in folder: String, newNames: Set<String>,
                             protected: Set<FileIdentity>) -> [String] {
        var result: [String] = []
        for entry in previous where !newNames.contains(entry.file) {
            let name = entry.file
            guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !result.contains(name) else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            guard PathKind(path: path) == .regularFile, let id = FileIdentity(path: path), !protected.contains(id),
                  let data = FileManager.default.contents(atPath: path), SHA256.hex(data) == entry.sha256 else { continue }
            result.append(name)
        }
        return result.sorted()
    }
}

/// One result slot per file, filled from several threads.
private final class HashSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [String?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: String?) { lock.lock(); slots[i] = value; lock.unlock() }
    func value(_ i: Int) -> String? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
