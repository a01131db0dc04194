import Foundation
import Domain
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// `rank` writes a run's outputs all or nothing, even when it is stopped (SIGTERM from a
/// scheduler or `kill`, SIGINT from Ctrl-C) half-way.
///
/// Each file is already written atomically (temporary file, then rename), but a run stopped
/// while writing would leave a mix: some files from the new run, others from the previous one.
/// So the outputs are first written into a staging folder inside the output folder
/// (`.staging-PID`, same file system), then renamed into place in one short step, and a signal:
/// - while computing (nothing written yet) exits at once with 128 + signal;
/// - while writing into the staging folder is noted, and the writing thread itself, at its next
///   step (or when it has finished writing), removes the staging folder and exits with 128 +
///   signal: the previous outputs stay byte for byte as they were. (Removing the folder from the
///   signal's thread would race with the writer, which recreates it for its next file.)
/// - while renaming into place waits for the renames to finish, so the folder then holds the
///   whole new run.
/// Only SIGKILL or a power cut during the few renames can leave a mix. Leftovers of a run killed
/// outright (`.staging-PID`, `.tmp-PID-…` of a process that no longer exists) are removed by the
/// next `rank` into the same folder.
final class StagedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var staging: String?
    private var pendingSignal: Int32?
    private var committed = false
    let folder: String

    init(folder: String) { self.folder = folder }

    /// Installs the signal handling. Call once, before any computing, so that an early signal
    /// also exits cleanly.
    func handleSignals() {
        for sig in [SIGTERM, SIGINT] {
            // Handled on a dispatch queue, not in a raw signal handler: taking a lock and
            // removing files are not async-signal-safe, a normal thread may do them freely.
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                lock.lock() // waits while outputs are being renamed into place
                guard staging != nil else { exitInterrupted(sig) } // nothing being written
                pendingSignal = sig // the writer stops at its next step
                lock.unlock()
            }
            source.resume()
            // The source must live as long as the process.
            _ = Unmanaged.passRetained(source as AnyObject)
        }
    }

    /// Writes the run into the staging folder, then moves every file into `folder`.
    func write(_ run: RunRecord, maps: Bool, progress: (String) -> Void) throws -> RunWriter.Written {
        let fm = FileManager.default
        try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        Self.removeStale(in: folder)
        let stage = (folder as NSString).appendingPathComponent(".staging-\(getpid())")
        try? fm.removeItem(atPath: stage)
        lock.lock(); staging = stage; lock.unlock()
        var written: RunWriter.Written
        do {
            written = try RunWriter.write(run, to: stage, maps: maps) { step in
                abandonIfSignalled()
                progress(step)
            }
        } catch {
            lock.lock(); try? fm.removeItem(atPath: stage); staging = nil; lock.unlock()
            throw error
        }
        abandonIfSignalled()
        lock.lock()
        defer { lock.unlock() }
        let names = ((try? fm.contentsOfDirectory(atPath: stage)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        // The .shp last, as ShapefileWriter does: a reader never finds a new .shp without its companions.
        for name in names.filter({ !$0.hasSuffix(".shp") }) + names.filter({ $0.hasSuffix(".shp") }) {
            let from = (stage as NSString).appendingPathComponent(name), to = (folder as NSString).appendingPathComponent(name)
            guard rename(from, to) == 0 else {
                throw TargetingError("cannot move \(name) into \(folder): \(String(cString: strerror(errno)))",
                                     hint: "check the output folder is writable")
            }
        }
        try? fm.removeItem(atPath: stage)
        if !names.contains(RunRecord.sensitivityFile) { RunRecord.removeOutdatedSensitivity(in: folder) }
        staging = nil
        committed = true
        written.files = written.files.map { (folder as NSString).appendingPathComponent(($0 as NSString).lastPathComponent) }
        return written
    }

    /// On the writing thread: if a signal came, drop the staging folder and exit.
    private func abandonIfSignalled() {
        lock.lock()
        guard let sig = pendingSignal else { lock.unlock(); return }
        if let s = staging { try? FileManager.default.removeItem(atPath: s) }
        exitInterrupted(sig)
    }

    private func exitInterrupted(_ sig: Int32) -> Never {
        let state = committed ? "hold the complete new run" : "were left as they were"
        FileHandle.standardError.write(Data("\ninterrupted: the outputs in \(folder) \(state)\n".utf8))
        _exit(128 + sig)
    }

    /// `.staging-PID` folders and `.tmp-PID-…` files whose process has ended.
    static func removeStale(in folder: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            let rest: Substring
            if name.hasPrefix(".staging-") { rest = name.dropFirst(9) } else if name.hasPrefix(".tmp-") { rest = name.dropFirst(5) } else { continue }
            guard let pid = Int32(rest.prefix(while: { $0.isNumber })), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? fm.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
            }
        }
    }
}
