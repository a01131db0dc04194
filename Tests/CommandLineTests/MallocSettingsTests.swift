import Foundation
import XCTest

/// Every command sets glibc's malloc to grow its heap 64 MB at a time (and to keep blocks up to
/// 32 MB in it), never asks for huge pages, and leaves a user's own tunable as the user set it.
/// Seen from outside: the run freezes itself (the binary's test hook, SIGSTOP) at "joining
/// layers", and the test reads its mappings in /proc/PID/smaps. The main heap (`[heap]`) of the
/// tiny fixture project spans a few MB with glibc's default top pad of 128 KB and at least 64 MB
/// with the setting (the top pad is added at each growth); no mapping has `hg` in its VmFlags
/// (huge pages asked for with madvise).
final class MallocSettingsTests: XCTestCase {
    /// What the frozen process showed: the size of its main heap and the VmFlags of its mappings.
    private struct Frozen { var heapBytes = 0; var flags: [String] = [] }

    private func rankFrozen(tunables: String?) throws -> Frozen {
        let project = try ProjectCopy()
        let out = temporaryFolder("cli-malloc")
        var environment = ["TARGETING_TEST_STOP_AT": "joining layers", "TARGETING_TEST_STOP_SIGNAL": "STOP"]
        if let tunables { environment["GLIBC_TUNABLES"] = tunables }
        var seen: Frozen?
        let run = try runTargeting(["rank", "--project", project.manifest, "--out", out.path, "--no-maps"], cwd: project.url, timeout: 300,
                                   environment: environment) { p, _ in
            let proc = "/proc/\(p.processIdentifier)"
            let deadline = Date().addingTimeInterval(290)
            while p.isRunning && Date() < deadline {
                let stat = (try? String(contentsOfFile: proc + "/stat", encoding: .utf8)) ?? ""
                if let close = stat.lastIndex(of: ")"), stat[close...].hasPrefix(") T") {
                    let smaps = (try? String(contentsOfFile: proc + "/smaps", encoding: .utf8)) ?? ""
                    seen = Frozen(heapBytes: Self.heapBytes(smaps),
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

    /// The span of the `[heap]` mapping ("start-end perms offset dev inode [heap]"), 0 when absent.
    private static func heapBytes(_ smaps: String) -> Int {
        for line in smaps.split(separator: "\n") where line.hasSuffix("[heap]") {
            let range = line.prefix(while: { $0 != " " }).split(separator: "-")
            if range.count == 2, let start = Int(range[0], radix: 16), let end = Int(range[1], radix: 16) { return end - start }
        }
        return 0
    }

    private func hugePageMappings(_ frozen: Frozen) -> Int {
        frozen.flags.filter { $0.split(separator: " ").contains("hg") }.count
    }

    func testTheHeapGrowsSixtyFourMegabytesAtATimeWithoutHugePages() throws {
        let frozen = try rankFrozen(tunables: nil)
        XCTAssertFalse(frozen.flags.isEmpty, "no mappings were read")
        XCTAssertGreaterThanOrEqual(frozen.heapBytes, 64 << 20, "the heap did not grow by the 64 MB top pad")
        XCTAssertEqual(hugePageMappings(frozen), 0, "a mapping asks for huge pages")
    }

    func testTheUsersOwnTopPadWins() throws {
        let frozen = try rankFrozen(tunables: "glibc.malloc.top_pad=131072")
        XCTAssertFalse(frozen.flags.isEmpty, "no mappings were read")
        XCTAssertGreaterThan(frozen.heapBytes, 0, "no heap was seen")
        XCTAssertLessThan(frozen.heapBytes, 64 << 20, "the user's top pad of 128 KB was overridden")
    }

    /// A user who asks glibc for huge pages gets them (nothing in the program turns them off).
    func testTheUsersHugePagesAreKept() throws {
        let mode = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? "absent"
        guard mode.contains("[madvise]") else {
            throw XCTSkip("transparent huge pages are not in madvise mode here (\(mode.trimmingCharacters(in: .whitespacesAndNewlines))): glibc does not ask for them")
        }
        let frozen = try rankFrozen(tunables: "glibc.malloc.hugetlb=1")
        XCTAssertGreaterThan(hugePageMappings(frozen), 0, "the user's glibc.malloc.hugetlb=1 did not reach malloc")
    }
}
