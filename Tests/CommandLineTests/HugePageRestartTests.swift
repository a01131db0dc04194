import Foundation
import XCTest

/// A data command on a large project starts again with `glibc.malloc.hugetlb=1` added to
/// `GLIBC_TUNABLES`, so that glibc's malloc asks the kernel for huge pages (madvise, seen as `hg`
/// in a mapping's VmFlags in /proc/PID/smaps); a user's own setting of that tunable is left alone,
/// and a small project runs without the restart. "Large" is 48 MB of files beside the manifest:
/// the tiny fixture project with a sparse 48 MB file added (no disk used). Each run freezes itself
/// (the binary's test hook, SIGSTOP) at "joining layers" so that the test reads the running
/// process's mappings and environment. Without the restart no mapping of the process has `hg`
/// (nothing else in it asks for huge pages).
final class HugePageRestartTests: XCTestCase {
    /// Huge pages on request and glibc 2.35 or later: the only place the restart applies (the
    /// conditions of `HugePageRestart.hugePagesOnRequest` and `glibcHasTunable`, restated here: a
    /// test cannot import the executable's module).
    private func requireHugePagesOnRequest() throws {
        let mode = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? "absent"
        guard mode.contains("[madvise]") else {
            throw XCTSkip("transparent huge pages are not in madvise mode here (\(mode.trimmingCharacters(in: .whitespacesAndNewlines))): targeting does not restart")
        }
        var text = [CChar](repeating: 0, count: 64)
        let length = confstr(Int32(_CS_GNU_LIBC_VERSION), &text, text.count)
        let version = length > 0 ? String(decoding: text[..<(length - 1)].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
        let parts = version.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
        guard parts.count >= 2, parts[0] > 2 || (parts[0] == 2 && parts[1] >= 35) else {
            throw XCTSkip("\(version) has no glibc.malloc.hugetlb: targeting does not restart")
        }
    }

    /// What the frozen process shows: its environment as it was started (NULs as newlines; glibc
    /// 2.36 cuts the tunables' text at the end of each value) and the VmFlags lines of its mappings.
    private struct Frozen { var environment = ""; var flags: [String] = [] }

    private func rankFrozen(tunables: String, padded: Bool) throws -> Frozen {
        let project = try ProjectCopy()
        if padded {
            let padding = project.file("padding.bin")
            XCTAssertTrue(FileManager.default.createFile(atPath: padding.path, contents: nil))
            let handle = try FileHandle(forWritingTo: padding)
            try handle.truncate(atOffset: 48 << 20)
            try handle.close()
        }
        let out = temporaryFolder("cli-huge-pages")
        var seen: Frozen?
        let run = try runTargeting(["rank", "--project", project.manifest, "--out", out.path, "--no-maps"], cwd: project.url, timeout: 300,
                                   environment: ["GLIBC_TUNABLES": tunables,
                                                 "TARGETING_TEST_STOP_AT": "joining layers", "TARGETING_TEST_STOP_SIGNAL": "STOP"]) { p, _ in
            let proc = "/proc/\(p.processIdentifier)"
            let deadline = Date().addingTimeInterval(290)
            while p.isRunning && Date() < deadline {
                let stat = (try? String(contentsOfFile: proc + "/stat", encoding: .utf8)) ?? ""
                if let close = stat.lastIndex(of: ")"), stat[close...].hasPrefix(") T") {
                    let environment = (try? Data(contentsOf: URL(fileURLWithPath: proc + "/environ"))) ?? Data()
                    let smaps = (try? String(contentsOfFile: proc + "/smaps", encoding: .utf8)) ?? ""
                    seen = Frozen(environment: String(decoding: environment.map { $0 == 0 ? 10 : $0 }, as: UTF8.self),
                                  flags: smaps.split(separator: "\n").filter { $0.hasPrefix("VmFlags:") }.map(String.init))
                    kill(p.processIdentifier, SIGCONT)
                    return
                }
                usleep(10_000)
            }
        }
        assertSucceeds(run)
        return try XCTUnwrap(seen, "the run was not caught at its step: \(run.output)")
    }

    private func hugePageMappings(_ frozen: Frozen) -> Int {
        frozen.flags.filter { $0.split(separator: " ").contains("hg") }.count
    }

    func testRankOnALargeProjectRestartsWithHugePagesKeepingTheUsersTunables() throws {
        try requireHugePagesOnRequest()
        let frozen = try rankFrozen(tunables: "glibc.malloc.tcache_count=7", padded: true)
        XCTAssertFalse(frozen.flags.isEmpty, "no mappings were read")
        XCTAssertGreaterThan(hugePageMappings(frozen), 0, "no mapping asks for huge pages: malloc ran without them")
        XCTAssertTrue(frozen.environment.contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1"), "the restart's tunable is missing")
        XCTAssertTrue(frozen.environment.contains("glibc.malloc.tcache_count=7"), "the user's tunable was not kept")
        XCTAssertTrue(frozen.environment.contains("TARGETING_HUGE_PAGE_RESTART=1"), "the restarted process is not marked as such")
    }

    func testTheUsersOwnHugePageSettingWins() throws {
        try requireHugePagesOnRequest()
        assertNotRestarted(try rankFrozen(tunables: "glibc.malloc.hugetlb=0", padded: true),
                           "huge pages were asked for although the user turned them off")
    }

    func testASmallProjectDoesNotRestart() throws {
        try requireHugePagesOnRequest()
        assertNotRestarted(try rankFrozen(tunables: "glibc.malloc.tcache_count=7", padded: false),
                           "huge pages were asked for on a small project")
    }

    /// The frozen run read its mappings, none asks for huge pages, and its environment shows no restart.
    private func assertNotRestarted(_ frozen: Frozen, _ why: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(frozen.flags.isEmpty, "no mappings were read", file: file, line: line)
        XCTAssertEqual(hugePageMappings(frozen), 0, why, file: file, line: line)
        XCTAssertFalse(frozen.environment.contains("glibc.malloc.hugetlb=1"), file: file, line: line)
        XCTAssertFalse(frozen.environment.contains("TARGETING_HUGE_PAGE_RESTART"), file: file, line: line)
    }
}
