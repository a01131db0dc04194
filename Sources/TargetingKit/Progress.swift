import Foundation
import Outputs

/// Progress on stderr: an updating line when stderr is a terminal, plain log lines when it is not
/// (CI, notebooks, pipes); nothing with --quiet; step timings with --verbose.
package final class Progress: @unchecked Sendable {
    package enum Level { case quiet, normal, verbose }
    package let level: Level
    package let terminal: Bool
    private let start = Date()
    private var lastLength = 0
    /// Called at the start of every step, printed or not (the command line's test hook,
    /// `TARGETING_TEST_STOP_AT`, stops a run there).
    package var onStep: ((String) -> Void)?

    package init(quiet: Bool, verbose: Bool) {
        level = quiet ? .quiet : (verbose ? .verbose : .normal)
        terminal = isatty(2) == 1
    }

    package func step(_ message: String) {
        onStep?(message)
        guard level != .quiet else { return }
        let elapsed = String(format: "%6.2fs", Date().timeIntervalSince(start))
        let text = level == .verbose ? "[\(elapsed)] \(message)" : message
        if terminal {
            show(text)
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    package func detail(_ message: String) {
        guard level == .verbose else { return }
        done()
        FileHandle.standardError.write(Data(("  " + message + "\n").utf8))
    }

    /// A live count for a step that may run for seconds (rows read, facts computed, files
    /// written): the returned function takes the count done so far, from any thread. Shown only
    /// on a terminal, once the step has run about a second, at most five times a second, on the
    /// updating line; nothing at all with --quiet or when stderr is not a terminal (logs, pipes).
    package func counter(_ what: String, unit: String, total: Int) -> @Sendable (Int) -> Void {
        guard terminal, level != .quiet, total > 0 else { return { _ in } }
        let started = Date()
        let state = CounterState()
        return { [self] done in
            let now = Date()
            let elapsed = now.timeIntervalSince(started)
            guard elapsed >= 1, state.due(now) else { return }
            self.show(ProgressLine.text(what, done: done, total: total, unit: unit, elapsed: elapsed))
        }
    }

    private let lock = NSLock()

    private func show(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        let pad = max(0, lastLength - text.count)
        FileHandle.standardError.write(Data(("\r" + text + String(repeating: " ", count: pad)).utf8))
        lastLength = text.count
    }

    /// Ends the updating line so that what follows starts on a fresh one.
    package func done() {
        if terminal && lastLength > 0 { FileHandle.standardError.write(Data("\n".utf8)); lastLength = 0 }
    }
}

/// When a counter last drew, so that it redraws at most five times a second.
private final class CounterState: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast
    func due(_ now: Date) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard now.timeIntervalSince(last) >= 0.2 else { return false }
        last = now
        return true
    }
}
