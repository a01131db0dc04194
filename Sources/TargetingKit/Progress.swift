import Foundation

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
            let pad = max(0, lastLength - text.count)
            FileHandle.standardError.write(Data(("\r" + text + String(repeating: " ", count: pad)).utf8))
            lastLength = text.count
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    package func detail(_ message: String) {
        guard level == .verbose else { return }
        done()
        FileHandle.standardError.write(Data(("  " + message + "\n").utf8))
    }

    /// Ends the updating line so that what follows starts on a fresh one.
    package func done() {
        if terminal && lastLength > 0 { FileHandle.standardError.write(Data("\n".utf8)); lastLength = 0 }
    }
}
