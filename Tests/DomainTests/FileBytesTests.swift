import Foundation
import XCTest
@testable import Domain
#if canImport(Glibc)
import Glibc
#endif

/// `FileBytes` and `InputFile.bytes`: a large file mapped, a small one read, the same bytes either
/// way; a file written to in place while held is caught by `verifyUnchanged`, a file replaced by a
/// new one is not (the bytes held are the old file's, whole); and a file cut short under a mapping
/// ends the process with its error message and status 2 (checked in a forked child). A fault on a
/// mapping nobody registered goes on to the handler installed before the guard (in a test process,
/// the Swift runtime's backtracer, which then spends up to 30 s symbolicating: not tested here).
final class FileBytesTests: FolderTestCase {

    /// Bytes of a known pattern: every position's byte is its index times 7, mod 251.
    func pattern(_ count: Int) -> [UInt8] { (0 ..< count).map { UInt8(($0 &* 7) % 251) } }

    func testLargeFilesAreMappedSmallOnesReadWithTheSameBytes() throws {
        let large = pattern(FileBytes.mappingThreshold + 12_345), small = pattern(4_000)
        try Data(large).write(to: URL(fileURLWithPath: path("large.csv")))
        try Data(small).write(to: URL(fileURLWithPath: path("small.csv")))
        let l = try InputFile.bytes(path: path("large.csv"), role: "CSV table", limit: 1 << 30)
        let s = try InputFile.bytes(path: path("small.csv"), role: "CSV table", limit: 1 << 30)
        XCTAssertTrue(l.isMapped)
        XCTAssertFalse(s.isMapped)
        XCTAssertEqual(Array(l), large)
        XCTAssertEqual(Array(s), small)
        XCTAssertEqual(Array(l[100 ..< 110]), Array(large[100 ..< 110]))
        XCTAssertEqual(l.withUnsafeBufferPointer { Array($0) }, large)
        XCTAssertNoThrow(try l.verifyUnchanged())
        // Over the limit: refused before any byte is read, by the caller's message.
        XCTAssertThrowsError(try InputFile.bytes(path: path("large.csv"), role: "CSV table", limit: 1_000)) { e in
            XCTAssertEqual((e as? TargetingError)?.message, "the CSV table is \(large.count) bytes, over the limit of 1000 bytes")
        }
        // An empty file, and a copy of an array.
        try Data().write(to: URL(fileURLWithPath: path("empty.csv")))
        XCTAssertEqual(try InputFile.bytes(path: path("empty.csv"), role: "CSV table", limit: 10).count, 0)
        XCTAssertEqual(Array(FileBytes([1, 2, 3])), [1, 2, 3])
    }

    func testWritingIntoAMappedFileIsCaughtReplacingItIsNot() throws {
        let original = pattern(FileBytes.mappingThreshold * 2)
        let url = URL(fileURLWithPath: path("points.csv"))
        try Data(original).write(to: url)
        let held = try InputFile.bytes(path: url.path, role: "CSV table", limit: 1 << 30)
        XCTAssertTrue(held.isMapped)

        // Replaced by a new file under the same name (as editors save): the bytes held are the old
        // file's, unchanged, and nothing is reported.
        try Data(pattern(100)).write(to: url, options: .atomic)
        XCTAssertEqual(Array(held), original)
        XCTAssertNoThrow(try held.verifyUnchanged())

        // Written in place (same size, a later modification time): reported.
        let other = try InputFile.bytes(path: url.path, role: "CSV table", limit: 1 << 30)  // the new 100-byte file
        XCTAssertFalse(other.isMapped)
        try Data(original).write(to: url, options: .atomic)
        let inPlace = try InputFile.bytes(path: url.path, role: "CSV table", limit: 1 << 30)
        XCTAssertTrue(inPlace.isMapped)
        usleep(20_000)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: 10)
        try handle.write(contentsOf: Data([0xAA]))
        try handle.close()
        XCTAssertThrowsError(try inPlace.verifyUnchanged()) { e in
            let error = e as? TargetingError
            XCTAssertEqual(error?.message, "the CSV table changed while it was read (another program wrote to it)")
            XCTAssertEqual(error?.location?.file, url.path)
        }
    }

    /// Runs `body` in a forked child with its standard error in a pipe; returns the child's wait
    /// status and what it wrote there. The child does only async-signal-safe things (touching
    /// memory; the guard's handler writes and exits).
    func inChild(_ body: () -> Void) -> (status: Int32, stderr: String) {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let pid = fork()
        if pid == 0 {
            close(fds[0])
            dup2(fds[1], 2)
            body()
            _exit(0)
        }
        close(fds[1])
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0 ..< n]
        }
        close(fds[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status, String(decoding: output, as: UTF8.self))
    }

    func testAFileCutShortUnderItsMappingEndsTheRunWithItsMessage() throws {
        let url = URL(fileURLWithPath: path("events.csv"))
        try Data(pattern(FileBytes.mappingThreshold * 3)).write(to: url)
        let held = try InputFile.bytes(path: url.path, role: "CSV table", limit: 1 << 30)
        XCTAssertTrue(held.isMapped)
        XCTAssertEqual(truncate(url.path, 0), 0)
        XCTAssertEqual(held.changeError()?.message, "the CSV table changed while it was read (another program wrote to it)")
        let touch = held.withUnsafeBufferPointer { UncheckedSendable($0) }
        let (status, stderr) = inChild {
            var sum = 0
            for k in stride(from: 0, to: touch.value.count, by: 4096) { sum &+= Int(touch.value[k]) }
            if sum == -1 { _exit(9) }  // keeps the reads
        }
        // Exited (not killed by a signal) with status 2, having said which file and what to do.
        XCTAssertTrue(status & 0x7F == 0, "the child was killed by signal \(status & 0x7F)")
        XCTAssertEqual((status >> 8) & 0xFF, 2)
        XCTAssertEqual(stderr, "error: \(url.path): the CSV table was cut short while it was read (another program wrote to it); nothing was written\n"
                               + "  hint: wait until the file is written completely, then run again\n")
    }
}
