import ArgumentParser
import Foundation
import Domain
import Outputs

/// Turns a `TargetingError` into the message users read — what, where, what to do — on stderr,
/// and a non-zero exit, instead of a stack of Swift type names.
enum CommandErrors {
    static func report<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TargetingError {
            FileHandle.standardError.write(Data(((isatty(2) == 1 ? "\n" : "") + "error: " + e.description + "\n").utf8))
            throw ExitCode(2)
        } catch let e as OutputFolderError { // 4: folder locked by another run; 5: commit failed
            FileHandle.standardError.write(Data(((isatty(2) == 1 ? "\n" : "") + "error: " + e.description + "\n").utf8))
            throw ExitCode(e.exitStatus)
        }
    }
}
