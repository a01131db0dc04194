import Foundation
import TargetingKit
#if canImport(Glibc)
import Glibc
#endif

/// A test hook: with `TARGETING_TEST_STOP_AT=TEXT` in the environment, `rank` and `map` send
/// themselves SIGTERM when they reach the first step whose progress line starts with TEXT
/// ("joining layers" while computing, "writing the report" while writing the outputs), and go on
/// only once the signal has been taken. So the tests stop a run at a named step, every time,
/// instead of racing it. With `TARGETING_TEST_STOP_SIGNAL=STOP` as well, the run freezes there
/// instead (SIGSTOP, holding its output folder's lock) until the test sends SIGCONT. Nothing
/// else reads these variables, and without them nothing changes.
enum TestStopHook {
    static let variable = "TARGETING_TEST_STOP_AT"
    static let signalVariable = "TARGETING_TEST_STOP_SIGNAL"

    static func install(on progress: Progress, output: StagedOutput) {
        let environment = ProcessInfo.processInfo.environment
        guard let stopAt = environment[variable], !stopAt.isEmpty else { return }
        let freeze = environment[signalVariable] == "STOP"
        var fired = false
        progress.onStep = { step in
            guard !fired, step.hasPrefix(stopAt) else { return }
            fired = true
            if freeze {
                kill(getpid(), SIGSTOP) // returns once the test sends SIGCONT
                return
            }
            kill(getpid(), SIGTERM)
            // While computing, the handler exits the process; while writing, it notes the
            // signal, which the writer acts on at its next step.
            if !output.awaitSignal() {
                FileHandle.standardError.write(Data("\(variable): SIGTERM was not taken within 30 s\n".utf8))
                Pipeline.settleGDAL()
                exit(70)
            }
        }
    }
}
