import Foundation
import Domain
#if canImport(Glibc)
import Glibc
#endif

/// Moves a finished run from its staging folder into the output folder, all or nothing.
///
/// Every destination is checked before the first move (a folder where a file must go stops the
/// commit with nothing changed). Each previous output is then kept in `STAGING/.previous`
/// (a hard link, so the file never disappears from the folder; a rename where links are not
/// supported) before the new file is renamed over it, and the stale outputs of the previous run
/// are moved there too. If any move fails, every step done is undone in reverse order, and the
/// error says what state the folder is in: unchanged, or — only if undoing failed as well —
/// which files are from which run and where the previous ones are kept.
public struct OutputCommit {
    static let previousFolder = ".previous"

    public let folder: String
    public let staging: String
    /// The new outputs (file names inside `staging`), moved in this order.
    public let names: [String]
    /// Files of `folder` that go with the commit: outputs of the previous run that this run does
    /// not write, already proven ours (see `RecordedOutput.stale`).
    public let stale: [String]
    /// Moves one file (rename(2)); tests replace it to make a chosen move fail.
    var move: (String, String) -> Int32 = { rename($0, $1) }

    public init(folder: String, staging: String, names: [String], stale: [String]) {
        self.folder = folder; self.staging = staging; self.names = names; self.stale = stale
    }

    /// One file the commit moved: its previous version kept aside, its new one put in place
    /// (a stale output only has the first).
    private struct Step {
        var name: String
        var oldSaved = false
        var newPlaced = false
    }

    public func run() throws {
        let previous = (staging as NSString).appendingPathComponent(Self.previousFolder)
        do {
            try checkDestinations()
            guard mkdir(previous, 0o755) == 0 else {
                throw failure("cannot create \(previous): \(String(cString: strerror(errno)))", state: unchangedState)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        // From the first move on, the staging folder may hold the only copy of a previous output:
        // no longer a leftover any later run may remove (if this process is killed outright now).
        // It is removed below once the commit has succeeded or been undone.
        StagingFolder.keep(staging)
        var done: [Step] = []
        func undoAndThrow(_ what: String) throws -> Never {
            let why = String(cString: strerror(errno))
            throw failure("\(what): \(why)", state: rollBack(done, previous: previous),
                          hint: "check the folder's permissions and free space, then run again")
        }
        for name in names {
            var step = Step(name: name)
            let destination = path(name), saved = (previous as NSString).appendingPathComponent(name)
            if PathKind(path: destination) != .missing {
                guard link(destination, saved) == 0 || move(destination, saved) == 0 else {
                    try undoAndThrow("cannot keep the previous \(name) aside")
                }
                step.oldSaved = true
            }
            done.append(step)
            guard move((staging as NSString).appendingPathComponent(name), destination) == 0 else {
                try undoAndThrow("cannot move the new \(name) into \(folder)")
            }
            done[done.count - 1].newPlaced = true
        }
        for name in stale {
            guard move(path(name), (previous as NSString).appendingPathComponent(name)) == 0 else {
                try undoAndThrow("cannot remove \(name), an output of the previous run that this run does not write")
            }
            done.append(Step(name: name, oldSaved: true))
        }
        // Done: the folder holds the whole new run. (A staging folder that cannot be removed now
        // stays, unmarked: it holds only copies.)
        try? FileManager.default.removeItem(atPath: staging)
    }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    private var unchangedState: String {
        "nothing was changed: \(folder) holds the previous outputs as they were, and the new ones were discarded"
    }

    /// Before any move: every destination must be free or a file (never a folder), and the
    /// folder writable.
    private func checkDestinations() throws {
        for name in names {
            switch PathKind(path: path(name)) {
            case .missing, .regularFile, .symbolicLink: continue
            case .folder:
                throw failure("\(path(name)) is a folder, where this run must write the file \(name)", state: unchangedState,
                              hint: "rename or move that folder, or choose another --out folder")
            case .other:
                throw failure("\(path(name)) is not a regular file, where this run must write the file \(name)", state: unchangedState,
                              hint: "rename or move it, or choose another --out folder")
            }
        }
        guard access(folder, W_OK) == 0 else {
            throw failure("cannot write in \(folder): \(String(cString: strerror(errno)))", state: unchangedState,
                          hint: "fix the folder's permissions or choose another --out folder")
        }
    }

    /// Undoes `done` in reverse order; returns the state the folder is left in.
    private func rollBack(_ done: [Step], previous: String) -> String {
        var notRestored: [String] = []
        for step in done.reversed() {
            let destination = path(step.name), saved = (previous as NSString).appendingPathComponent(step.name)
            if step.oldSaved {
                if move(saved, destination) != 0 { notRestored.append(step.name) }
            } else if step.newPlaced {
                if move(destination, (staging as NSString).appendingPathComponent(step.name)) != 0 { notRestored.append(step.name) }
            }
        }
        guard !notRestored.isEmpty else {
            try? FileManager.default.removeItem(atPath: staging)
            return unchangedState
        }
        StagingFolder.keep(staging)
        let fromNew = done.filter { $0.newPlaced && notRestored.contains($0.name) }.map(\.name)
        let missing = done.filter { $0.oldSaved && notRestored.contains($0.name) && PathKind(path: path($0.name)) == .missing }.map(\.name)
        var state = "\(folder) is now MIXED, it holds neither run whole"
        if !fromNew.isEmpty { state += "; from the new run: \(fromNew.sorted().joined(separator: ", "))" }
        if !missing.isEmpty { state += "; missing: \(missing.sorted().joined(separator: ", "))" }
        state += "; the previous versions of these files are kept in \(previous): move them back into \(folder) to restore the previous run"
        return state
    }

    private func failure(_ what: String, state: String, hint: String? = nil) -> OutputFolderError {
        OutputFolderError(TargetingError("the outputs could not be put in place: \(what). State: \(state)", hint: hint),
                          exitStatus: OutputFolderError.commitFailedStatus)
    }
}
