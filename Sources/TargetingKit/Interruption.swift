import Foundation
import Domain
import Outputs
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// `rank` (and `map`) write a run's outputs all or nothing, one run at a time per folder, even
/// when stopped (SIGTERM from a scheduler or `kill`, SIGINT from Ctrl-C) half-way.
///
/// - The output folder is locked (`OutputLock`, exit 4 naming the holder) before computing when
///   it exists, else as soon as it is created: two runs never write into one folder at once.
/// - The outputs are first written into a staging folder inside the output folder
///   (`StagingFolder`, same file system), then moved into place by `OutputCommit`, which checks
///   every destination first, keeps the previous outputs aside and undoes every step if a move
///   fails (exit 5, the message says what state the folder is in).
/// - No output may land on a file the run read (an input in the same folder): refused, exit 2.
/// - Outputs of the previous run that this run does not write go with the commit, but only
///   those the previous run manifest lists with the hash their bytes still have.
/// - A signal while computing (nothing written yet) exits at once with 128 + signal; while
///   writing into the staging folder it is noted, and the writing thread itself, at its next
///   step (or when it has finished writing), removes the staging folder and exits with 128 +
///   signal: the previous outputs stay byte for byte as they were. (Removing the folder from the
///   signal's thread would race with the writer, which recreates it for its next file.) During
///   the commit it waits for the commit to end.
/// Only SIGKILL or a power cut during the few renames can leave a mix. The staging folder of a
/// run killed outright is removed by the next run into the same folder.
package final class StagedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var staging: String?
    private var pendingSignal: Int32?
    private var folderState = "were left as they were"
    private var folderLock: OutputLock?
    package let folder: String
    /// After `write`: files the previous run wrote that this one does not, left in place because
    /// they changed since: not part of this run, which the user must be told.
    package private(set) var keptFromPreviousRun: [String] = []

    package init(folder: String) { self.folder = folder }

    /// Installs the signal handling. Call once, before any computing, so that an early signal
    /// also exits cleanly.
    package func handleSignals() {
        let registered = DispatchSemaphore(value: 0)
        for sig in [SIGTERM, SIGINT] {
            // Handled on a dispatch queue, not in a raw signal handler: taking a lock and
            // removing files are not async-signal-safe, a normal thread may do them freely.
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                lock.lock() // waits while outputs are being moved into place
                guard staging != nil else { exitInterrupted(sig) } // nothing being written
                pendingSignal = sig // the writer stops at its next step
                lock.unlock()
            }
            source.setRegistrationHandler { registered.signal() }
            source.resume()
            // The source must live as long as the process.
            _ = Unmanaged.passRetained(source as AnyObject)
        }
        // Dispatch arms a source on its own thread, after `resume` returns; until then the
        // signal is ignored (SIG_IGN above), and a SIGTERM sent at once was lost: 9 runs of 30
        // stopped at their first step went on. So this returns once both are armed (a second at
        // most: should Dispatch never say so, the run goes on as before).
        let deadline = DispatchTime.now() + 1
        for _ in 0..<2 { _ = registered.wait(timeout: deadline) }
    }

    /// Locks the output folder now if it exists, so that a second run into it is refused before
    /// it computes anything. (A missing folder is locked when `write` creates it.)
    package func lockIfPresent() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { try lockFolder() }
    }

    private func lockFolder() throws {
        if folderLock == nil { folderLock = try OutputLock.acquire(folder: folder) }
    }

    /// Unlocks the folder (its lock file goes). Call when the command ends, failed or not.
    package func releaseFolder() {
        folderLock?.release()
    }

    /// `rank`: writes the run into the staging folder, then moves it into `folder`, replacing
    /// the previous run whole.
    package func write(_ run: RunRecord, maps: Bool, fileCounter: ((Int) -> (Int) -> Void)? = nil,
                       progress: @escaping (String) -> Void) throws -> RunWriter.Written {
        var written = try write(inputs: OutFolder.inputs(of: run), replacesPreviousRun: true, progress: progress) { stage, step in
            try RunWriter.write(run, to: stage, maps: maps, fileCounter: fileCounter, progress: step)
        }
        written.files = written.files.map { (folder as NSString).appendingPathComponent(($0 as NSString).lastPathComponent) }
        return written
    }

    /// Runs `produce` to write files into a fresh staging folder (calling its step function
    /// between files), then moves them into `folder`. `inputs`: every file the run read, never
    /// to be replaced. `replacesPreviousRun`: also remove the previous run's outputs that this
    /// one does not write (what `run_manifest.json` proves ours).
    package func write<T>(inputs: [FileIdentity: String], replacesPreviousRun: Bool, progress: @escaping (String) -> Void,
                  _ produce: (_ stage: String, _ step: (String) -> Void) throws -> T) throws -> T {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TargetingError("cannot create the output folder \(folder): \(error.localizedDescription)",
                                 hint: "choose another --out folder or fix its permissions")
        }
        try lockFolder()
        StagingFolder.removeLeftovers(in: folder)
        let stage = try StagingFolder.create(in: folder)
        lock.lock(); staging = stage; lock.unlock()
        let result: T
        do {
            result = try produce(stage) { step in
                abandonIfSignalled()
                progress(step)
            }
        } catch {
            lock.lock(); try? FileManager.default.removeItem(atPath: stage); staging = nil; lock.unlock()
            throw error
        }
        abandonIfSignalled()
        lock.lock()
        defer { staging = nil; lock.unlock() }
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: stage).filter { !$0.hasPrefix(".") }.sorted()
            try refuseOverwritingInputs(names, inputs: inputs)
            let previous = replacesPreviousRun ? RunRecord.recordedOutputs(ofManifestAt: path("run_manifest.json")) : []
            let stale = RecordedOutput.stale(previous: previous, in: folder, newNames: Set(names), protected: Set(inputs.keys))
            // Listed by the previous run, not written by this one, but no longer provably ours.
            keptFromPreviousRun = Set(previous.map(\.file)).subtracting(names).subtracting(stale)
                .filter { !$0.contains("/") && FileIdentity(path: path($0)).map { inputs[$0] == nil } == true }.sorted()
            // The .shp last, as ShapefileWriter does: a reader never finds a new .shp without its companions.
            let ordered = names.filter { !$0.lowercased().hasSuffix(".shp") } + names.filter { $0.lowercased().hasSuffix(".shp") }
            try OutputCommit(folder: folder, staging: stage, names: ordered, stale: stale).run()
        } catch let e as OutputFolderError {
            folderState = "are as the error says"
            throw e // the commit removed the staging folder, or kept it with the previous outputs
        } catch {
            try? FileManager.default.removeItem(atPath: stage)
            throw error
        }
        folderState = "hold the complete new run"
        return result
    }

    /// Waits (at most `timeout` seconds) until a signal has been taken: noted for the writer
    /// when writing, else the process has already exited. For the test hook, which must not let
    /// the run go on before the signal is seen; false if none came.
    package func awaitSignal(timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock(); let taken = pendingSignal != nil; lock.unlock()
            if taken { return true }
            usleep(1_000)
        }
        return false
    }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Stops before any move when an output would land on a file the run read.
    private func refuseOverwritingInputs(_ names: [String], inputs: [FileIdentity: String]) throws {
        let hit = names.compactMap { name in FileIdentity(path: path(name)).flatMap { inputs[$0] } }
        guard !hit.isEmpty else { return }
        throw TargetingError("--out \(folder) holds files this run reads, which its outputs would replace: \(hit.joined(separator: ", ")); nothing was written",
                             hint: "choose a folder of its own for the outputs, e.g. --out results (input files are never modified)")
    }

    /// On the writing thread: if a signal came, drop the staging folder and exit.
    private func abandonIfSignalled() {
        lock.lock()
        guard let sig = pendingSignal else { lock.unlock(); return }
        if let s = staging { try? FileManager.default.removeItem(atPath: s) }
        exitInterrupted(sig)
    }

    private func exitInterrupted(_ sig: Int32) -> Never {
        folderLock?.release() // _exit runs no deinit: the lock file would stay behind
        FileHandle.standardError.write(Data("\ninterrupted: the outputs in \(folder) \(folderState)\n".utf8))
        _exit(128 + sig)
    }
}
