import ArgumentParser
import TargetingKit

extension OutFolder {
    /// `--out` checked as a command-line value, before anything is loaded: a folder that cannot
    /// be used is a usage error (exit 64), named in one message.
    static func validate(_ out: String) throws {
        if let problem = problem(out) { throw ValidationError(problem) }
    }
}

/// The pipeline's progress lines, not Foundation's `Progress`.
typealias Progress = TargetingKit.Progress
