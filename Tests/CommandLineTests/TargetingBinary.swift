import Foundation
import XCTest

/// Runs the built `targeting` executable the way a user does, and captures what it says.
///
/// The one place every test finds the binary: `$TARGETING_BINARY` when set (to test an installed
/// copy), else beside this test bundle, in the build folder SwiftPM used for `swift test`
/// (whatever its `--scratch-path` or configuration).
enum TargetingBinary {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/bad")

    static func path() throws -> String {
        let candidate: String
        if let env = ProcessInfo.processInfo.environment["TARGETING_BINARY"] {
            candidate = env
        } else if let bundle = Bundle.main.executableURL {
            candidate = bundle.deletingLastPathComponent().appendingPathComponent("targeting").path
        } else {
            candidate = "(no test bundle path)"
        }
        // A missing binary fails the test: a skip would read as behaviour that was checked.
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            XCTFail("the targeting executable was not found at \(candidate): build it first with `swift build --build-tests`")
            throw CLIError.notBuilt
        }
        return candidate
    }

    enum CLIError: Error { case notBuilt, hung(String) }
}

/// What one run of the command printed and how it ended.
struct CLIResult {
    var status: Int32
    /// True when the process ended by a signal (a crash, or our SIGTERM), not by `exit`.
    var signalled: Bool
    var stdout: String
    var stderr: String
    var output: String { stdout + stderr }
}

/// Starts `targeting ARGS…` in `cwd` (with `environment` added to the test's own), waits at most
/// `timeout` seconds (a hang is a failure, and the process is killed), and returns its exit status
/// and output. Output goes to files, not pipes, so
/// a chatty run can never block on a full pipe.
@discardableResult
func runTargeting(_ args: [String], cwd: URL? = nil, timeout: TimeInterval = 120, environment: [String: String] = [:],
                  whileRunning: ((Process, URL) -> Void)? = nil,
                  file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
    let exe = try TargetingBinary.path()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = cwd }
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    whileRunning?(p, errURL)
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(20_000) }
    if p.isRunning {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTFail("targeting \(args.joined(separator: " ")) did not finish within \(Int(timeout)) s (a hang)", file: file, line: line)
        throw TargetingBinary.CLIError.hung(args.joined(separator: " "))
    }
    p.waitUntilExit()
    try out.close(); try err.close()
    let text = { (u: URL) in String(decoding: (try? Data(contentsOf: u)) ?? Data(), as: UTF8.self) }
    return CLIResult(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                     stdout: text(outURL), stderr: text(errURL))
}

extension XCTestCase {
    /// A copy of the fixture folder Tests/Fixtures/`name` in a temporary folder (its name starting
    /// with `prefix`), removed when the test ends: a run in it writes nothing into the repository.
    func temporaryCopy(ofFixture name: String, prefix: String) throws -> URL {
        let url = temporaryFolder(prefix)
        try FileManager.default.copyItem(at: TargetingBinary.packageRoot.appendingPathComponent("Tests/Fixtures/\(name)"), to: url)
        return url
    }

    /// A temporary path, not yet created (an `--out` folder), starting with `prefix`; whatever is
    /// there is removed when the test ends.
    func temporaryFolder(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// A fresh copy of the tiny valid project (Tests/Fixtures/bad/project) in a temporary folder, so
/// that a test can swap one file for a broken one. Removed when the test ends.
final class ProjectCopy {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-project-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TargetingBinary.fixtures.appendingPathComponent("project"), to: url)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    var manifest: String { url.appendingPathComponent("targeting.toml").path }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Replaces the project's units shapefile with the broken one named `name` in bad/shp/.
    func useUnits(_ name: String) throws {
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            let target = file("units.\(ext)")
            try? FileManager.default.removeItem(at: target)
            let source = TargetingBinary.fixtures.appendingPathComponent("shp/\(name).\(ext)")
            if FileManager.default.fileExists(atPath: source.path) { try FileManager.default.copyItem(at: source, to: target) }
        }
    }

    /// Replaces the conflict CSV with bad/csv/NAME.csv.
    func useConflict(_ name: String) throws {
        try? FileManager.default.removeItem(at: file("conflict.csv"))
        try FileManager.default.copyItem(at: TargetingBinary.fixtures.appendingPathComponent("csv/\(name).csv"), to: file("conflict.csv"))
    }

    /// Replaces the manifest with bad/toml/NAME.toml.
    func useManifest(_ name: String) throws {
        try? FileManager.default.removeItem(at: file("targeting.toml"))
        try FileManager.default.copyItem(at: TargetingBinary.fixtures.appendingPathComponent("toml/\(name).toml"), to: file("targeting.toml"))
    }

    /// `targeting rank --project … --out OUT --no-maps` in this project.
    func rank(out: String = "out", extra: [String] = [], timeout: TimeInterval = 120,
              file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        try runTargeting(["rank", "--project", manifest, "--out", url.appendingPathComponent(out).path, "--no-maps"] + extra,
                         cwd: url, timeout: timeout, file: file, line: line)
    }
}

extension ProjectCopy {
    /// A text output of the last run (data_quality.txt, priority_list.csv, …), "" when absent.
    func output(_ name: String, out: String = "out") -> String {
        String(decoding: (try? Data(contentsOf: url.appendingPathComponent(out).appendingPathComponent(name))) ?? Data(), as: UTF8.self)
    }
}

/// Asserts that `text` (a run's output, or a report it wrote) contains every piece, showing the
/// whole text for each one that is missing.
func assertContains(_ text: String, _ pieces: [String], file: StaticString = #filePath, line: UInt = #line) {
    for p in pieces { XCTAssertTrue(text.contains(p), "output lacks '\(p)':\n\(text)", file: file, line: line) }
}

/// Asserts the shape of a failure users must be able to act on: a non-zero exit by `exit`, never
/// a signal, and every expected piece of the message (file, line or record, reason, hint).
func assertFails(_ r: CLIResult, status: Int32, mentions pieces: [String],
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(r.signalled, "ended by a signal: \(r.output)", file: file, line: line)
    XCTAssertEqual(r.status, status, "exit status; output:\n\(r.output)", file: file, line: line)
    assertContains(r.output, pieces, file: file, line: line)
}

/// Asserts a run that succeeds (exit 0, no signal) and says each expected piece somewhere.
func assertSucceeds(_ r: CLIResult, mentions pieces: [String] = [], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(r.signalled, "ended by a signal: \(r.output)", file: file, line: line)
    XCTAssertEqual(r.status, 0, "exit status; output:\n\(r.output)", file: file, line: line)
    assertContains(r.output, pieces, file: file, line: line)
}
