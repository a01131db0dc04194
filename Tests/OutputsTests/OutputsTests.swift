import XCTest
import Foundation
import Domain
@testable import Outputs
import CSHA256

final class OutputsTests: XCTestCase {
    func testSHA256KnownVectors() {
        // FIPS 180-4 examples and `printf '' | sha256sum`.
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Many blocks fed in pieces of every size (a partial block carried between calls, runs of
    /// whole blocks compressed at once): the digest Python's hashlib gives for the same bytes.
    func testSHA256OfPiecesMatchesHashlib() {
        let data = (0..<1_000_003).map { UInt8(($0 * 31 + 7) % 251) }
        let expected = "a79aaccf39831e39ad9382f03c515510dcde695830c65a91620160cbe434b410"
        XCTAssertEqual(SHA256.hex(data), expected)
        var h = SHA256()
        var offset = 0, size = 1
        while offset < data.count {
            let end = min(data.count, offset + size)
            h.update(data[offset..<end])
            offset = end
            size = size * 7 % 1000 + 1
        }
        XCTAssertEqual(h.finalizeHex(), expected)
    }

    /// A copy taken mid-way is a hash of its own: finishing one does not disturb the other
    /// (digests from `sha256sum` of "abc" and "abcdef").
    func testSHA256CopyIsIndependent() {
        var first = SHA256()
        first.update(Array("abc".utf8))
        var second = first
        second.update(Array("def".utf8))
        XCTAssertEqual(second.finalizeHex(), "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721")
        XCTAssertEqual(first.finalizeHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// The portable C compression and the SHA-extension one (when this CPU has it) give the same
    /// state after the same blocks: the digest of the million bytes above, which hashlib gives.
    func testSHA256PortableAndExtensionPathsAgree() {
        let data = (0..<1_000_003).map { UInt8(($0 * 31 + 7) % 251) }
        let blocks = data.count / 64
        let start: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var portable = start, dispatched = start
        data.withUnsafeBufferPointer { d in
            csha256_compress_portable(&portable, d.baseAddress!, blocks)
            csha256_compress(&dispatched, d.baseAddress!, blocks)
        }
        XCTAssertEqual(portable, dispatched)
        XCTAssertNotEqual(portable, start)
        print("SHA-256 through the CPU's SHA extensions: \(SHA256.usesSHAExtensions)")
    }

    /// `FixedDecimal.printf` spells every number as C's printf does (`String(format:)`, glibc):
    /// ties of the binary value to even, ties of the short spelling only (0.145, really
    /// 0.14499…), negative zero, carries (9.995), and 200,000 random values of every size, at
    /// up to 15 places (the DBF writer's 11 decimals), where the binary value shows.
    func testPrintfSpellingMatchesStringFormat() {
        var values: [Double] = [0, -0.0, 0.125, 0.375, 2.5, 0.145, 1.005, 9.995, 99.995, -0.001, -0.004, 0.005, 1e-5, 123456.785,
                                999_999_999.999, 1e9, 1e300, .nan, .infinity, -.infinity, 0.1, 0.7, 1.0 / 3.0, -2.675,
                                // The binary value shows at 9 and 11 places: 123456789.099999994, 65536.10000000001.
                                123_456_789.1, 65536.1, -65536.1, 8_388_608.3, 0.1 + 0.2]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        for k in 0..<200_000 {
            let mantissa = Double(next() >> 11) / Double(1 << 53)
            let exponent = Double(Int(next() % 20) - 8)
            var v = mantissa * pow(10, exponent) * (next() % 2 == 0 ? 1 : -1)
            if k % 4 == 0 { v = (v * 1000).rounded() / 1000 }   // three decimals: ties at two places
            if k % 8 == 1 { v = Double(Int64(next() % 100_000)) / 8 }   // exact binary ties
            values.append(v)
        }
        var mismatches: [String] = []
        for (k, v) in values.enumerated() {
            // Many places on every fifth value (and the hand-picked ones), to keep the test short.
            for places in k < 40 || k % 5 == 0 ? [0, 1, 2, 3, 4, 9, 11, 15] : [0, 1, 2, 3, 4] {
                let expected = String(format: "%.\(places)f", v), got = FixedDecimal.printf(v, places: places)
                if expected != got && mismatches.count < 10 { mismatches.append("\(v) at \(places): printf \(expected), ours \(got)") }
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    func testProgressLineSaysCountRateAndTimeLeft() {
        // 412,000 rows in 2 s: 206,000 rows/s; 588,000 left at that rate: 2.85 s, said as 3 s.
        XCTAssertEqual(ProgressLine.text("reading points.csv", done: 412_000, total: 1_000_000, unit: "rows", elapsed: 2),
                       "reading points.csv: 412,000 of 1,000,000 rows · 206,000 rows/s · about 3 s left")
        // Done: no time left; nothing done yet: no rate.
        XCTAssertEqual(ProgressLine.text("writing outputs", done: 13, total: 13, unit: "files", elapsed: 4),
                       "writing outputs: 13 of 13 files · 3 files/s")
        XCTAssertEqual(ProgressLine.text("computing facts", done: 0, total: 4, unit: "facts", elapsed: 1.5),
                       "computing facts: 0 of 4 facts")
        // 1 of 400 in 1 s: 399 s left, said in minutes.
        XCTAssertEqual(ProgressLine.text("x", done: 1, total: 400, unit: "files", elapsed: 1), "x: 1 of 400 files · 1 files/s · about 6 min 39 s left")
        XCTAssertEqual(ProgressLine.grouped(999), "999")
        XCTAssertEqual(ProgressLine.grouped(-1_234_567), "-1,234,567")
    }

    /// A file written in pieces larger and smaller than its megabyte buffer: on disk exactly the
    /// bytes given, its returned hash the one hashlib gives for them (the million bytes of the
    /// test above, then "abc"; then with 1.5 MB in one piece between them); a failure in the
    /// middle leaves neither the file nor a temporary one.
    func testHashedFileWritesPiecesAndHashesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hashed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/big.csv"
        let data = (0..<1_000_003).map { UInt8(($0 * 31 + 7) % 251) }
        let digest = try HashedFile.write(to: path) { file in
            var offset = 0, size = 1
            while offset < data.count {
                let end = min(data.count, offset + size)
                try file.append(contentsOf: data[offset..<end])
                offset = end
                size = size * 13 % 700_000 + 1
            }
            try file.append("abc")
        }
        let written = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertEqual(Array(written), data + Array("abc".utf8))
        XCTAssertEqual(digest, "a2363cbfa4b511d76d522044e7a97a06871387df4f818fabf4c07163c4fe1072")
        XCTAssertEqual(digest, SHA256.hex(written))

        // A piece larger than the buffer goes straight to the file, after what is pending.
        let big = (0..<1_500_000).map { UInt8(($0 * 17 + 3) % 253) }
        let bigDigest = try HashedFile.write(to: path) { file in
            try file.append(contentsOf: data[..<10]); try file.append(contentsOf: data[10...])
            try file.append(contentsOf: big); try file.append("abc")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path).map(Array.init), data + big + Array("abc".utf8))
        XCTAssertEqual(bigDigest, "a24ea9cf04777974752deb01c1d513be7eb28787268f2ad1fdf70356d3916ebf")

        struct Stop: Error {}
        XCTAssertThrowsError(try HashedFile.write(to: folder + "/half.csv") { file in
            try file.append(contentsOf: data)
            throw Stop()
        })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["big.csv"])
    }

    /// Bytes written past the page cache in whole blocks, the last partial block through it: on
    /// disk exactly the bytes appended, for sizes below a block, of whole blocks, and over the
    /// 4 MB buffer with a tail, on the ordinary file system and on tmpfs.
    func testUnbufferedFileWritesExactlyTheBytesAppended() throws {
        var folders = [FileManager.default.temporaryDirectory.appendingPathComponent("unbuffered-\(UUID().uuidString)").path]
        if FileManager.default.fileExists(atPath: "/dev/shm") { folders.append("/dev/shm/unbuffered-\(UUID().uuidString)") }
        for folder in folders {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for size in [0, 1, 4095, 4096, 3 * 4096, UnbufferedFile.bufferSize, 2 * UnbufferedFile.bufferSize + 4096 + 17] {
                let bytes = (0..<size).map { UInt8(($0 * 7 + size) % 256) }
                let path = folder + "/f\(size)"
                let file = try UnbufferedFile(creating: path, reportedAs: path)
                var offset = 0, piece = 1000
                while offset < size {   // pieces of uneven sizes, some larger than the buffer
                    let end = min(size, offset + piece)
                    try bytes[offset..<end].withUnsafeBytes { try file.append($0) }
                    offset = end; piece = piece * 7 % 9_000_001 + 1
                }
                try file.finish()
                try file.close()
                XCTAssertEqual(FileManager.default.contents(atPath: path).map(Array.init), bytes, "\(size) bytes in \(folder)")
            }
        }
    }

    /// A link left under the temporary name is refused, not followed: the file it points to (not
    /// the run's) keeps its bytes, and the error says the folder cannot be written.
    func testUnbufferedFileDoesNotFollowALinkUnderItsName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nofollow-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let users = folder + "/users_file.csv", temporary = folder + "/.tmp-1-priority_list.csv"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: users))
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: users)
        XCTAssertThrowsError(try UnbufferedFile(creating: temporary, reportedAs: folder + "/priority_list.csv")) { error in
            XCTAssertTrue((error as? TargetingError)?.message.hasPrefix("cannot write in \(folder)") == true, "\(error)")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: users), Data("keep me\n".utf8))
    }

    /// The same through `AtomicFile`, which removes its temporary file after a failure: the link
    /// at the temporary name is not the run's, so it stays (and so does the file it points to).
    func testAtomicFileLeavesALinkUnderItsTemporaryName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nofollow-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let users = folder + "/users_file.csv", target = folder + "/priority_list.csv"
        let temporary = AtomicFile.temporaryPath(for: target)
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: users))
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: users)
        XCTAssertThrowsError(try [UInt8]("rank\n".utf8).withUnsafeBytes { try AtomicFile.write(bytes: $0, to: target) })
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: temporary), users)
        XCTAssertEqual(FileManager.default.contents(atPath: users), Data("keep me\n".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    }

    /// A full buffer is written by the disk writer's thread while the next one fills: a write
    /// that fails there (here /dev/full, which refuses every byte) is still this file's error,
    /// thrown by a later call (the next full buffer's, `finish` or `close`), never lost.
    func testUnbufferedFileReportsAWriteFailedOnTheDiskWritersThread() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let file = try UnbufferedFile(creating: "/dev/full", reportedAs: "/out/fact_rows.csv")
        let piece = [UInt8](repeating: 65, count: UnbufferedFile.bufferSize)
        var failure: Error?
        do {
            for _ in 0 ..< 3 { try piece.withUnsafeBytes { try file.append($0) } }
            try file.finish()
        } catch { failure = error }
        XCTAssertEqual((failure as? TargetingError)?.message, "writing /out/fact_rows.csv failed: No space left on device")
        try? file.close()
    }

    /// The same bytes as above cut into 35 parts of uneven sizes, handed over by 4 threads in a
    /// scrambled order while at most 2 finished parts may wait: the file holds the parts in number
    /// order, its hash is hashlib's for those bytes, returned once (to the call that completed
    /// it), and no temporary file is left. A folder that does not exist fails before any part.
    func testOrderedFileWritesPartsInOrderFromSeveralThreads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ordered-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = (0..<1_000_003).map { UInt8(($0 * 31 + 7) % 251) } + Array("abc".utf8)
        var cuts = [0]
        while cuts.last! < data.count { cuts.append(min(data.count, cuts.last! + (cuts.count * 7919) % 60_000 + 1)) }
        let parts = (1..<cuts.count).map { Array(data[cuts[$0 - 1]..<cuts[$0]]) }
        XCTAssertEqual(parts.count, 35)
        let file = try OrderedFile(path: folder + "/rows.csv", partCount: parts.count, held: 2)
        // Each thread takes the next part number (as the writing jobs do) and hands it over after
        // a pause that varies by part, so that parts arrive out of order.
        final class Returned: @unchecked Sendable { let lock = NSLock(); var next = 0; var digests: [String] = [] }
        let returned = Returned()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            while true {
                returned.lock.lock(); let k = returned.next; returned.next += 1; returned.lock.unlock()
                guard k < parts.count else { return }
                usleep(UInt32((k * 7) % 5) * 3_000)
                if let digest = try? file.deliver(k, parts[k]) { returned.lock.lock(); returned.digests.append(digest); returned.lock.unlock() }
            }
        }
        XCTAssertEqual(returned.digests, ["a2363cbfa4b511d76d522044e7a97a06871387df4f818fabf4c07163c4fe1072"])
        XCTAssertEqual(FileManager.default.contents(atPath: folder + "/rows.csv").map(Array.init), data)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["rows.csv"])

        XCTAssertThrowsError(try OrderedFile(path: folder + "/missing/rows.csv", partCount: 1)) { error in
            XCTAssertEqual((error as? TargetingError)?.message, "cannot write in \(folder)/missing: No such file or directory")
        }
    }

    /// Quoting is decided on bytes, as a CSV reader splits: "\r\n", and a comma or quote carrying
    /// a combining accent, are one character each in Swift but hold the bytes a reader splits on.
    func testCSVQuotingDecidesOnBytes() {
        let expected: [(String, String)] = [
            ("", ""), ("Kasaï", "Kasaï"), ("CD9102001", "CD9102001"), ("plain text; with semicolons", "plain text; with semicolons"),
            ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""), ("cr\rhere", "\"cr\rhere\""),
            ("crlf\r\nhere", "\"crlf\r\nhere\""), ("\r\n", "\"\r\n\""), (",\u{301}", "\",\u{301}\""),
            ("a,\u{301}b,c", "\"a,\u{301}b,c\""), ("\"\u{301}", "\"\"\"\u{301}\""),
        ]
        for (field, cell) in expected {
            XCTAssertEqual(Array(CSVWriter.quote(field).utf8), Array(cell.utf8), field.debugDescription)
        }
    }

    func testCSVQuotesOnlyWhatNeedsIt() {
        var w = CSVWriter(header: ["id", "name"])
        w.appendRow([Value.text("CD9102001"), .text("Kasaï, \"centre\"")])
        w.appendRow([Value.number(2.5), .null])
        XCTAssertEqual(w.text, "id,name\nCD9102001,\"Kasaï, \"\"centre\"\"\"\n2.5,\n")
    }

    func testGeoJSONOrientsRingsAndEscapes() {
        var g = GeoJSONWriter()
        // A clockwise exterior must come out counter-clockwise (RFC 7946).
        let cw: Ring = [Coordinate(0, 0), Coordinate(0, 1), Coordinate(1, 1), Coordinate(1, 0), Coordinate(0, 0)]
        g.append(shape: .polygons([Polygon(exterior: cw)]), properties: [("name", .text("a\"b")), ("score", .number(1.5))])
        let text = g.finished()
        XCTAssertTrue(text.contains("\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]"), text)
        XCTAssertTrue(text.contains("\"name\":\"a\\\"b\",\"score\":1.5"), text)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)))
    }

    /// Property names are spelled once and reused while the next feature has the same ones: a
    /// feature with other names (or fewer, or more) gets its own, as `string` spells them.
    func testGeoJSONPropertyNamesChangingBetweenFeatures() {
        var g = GeoJSONWriter()
        let features: [[(String, Value)]] = [[("a", .number(1)), ("b\"", .null)], [("a", .number(2)), ("b\"", .bool(true))],
                                              [("a", .number(3)), ("c", .text("x"))], [("a", .number(4))],
                                              [("a", .number(5)), ("c", .number(6)), ("d", .number(7))], []]
        for p in features { g.append(shape: nil, properties: p) }
        let lines = features.map { p in
            "{\"type\":\"Feature\",\"properties\":{" + p.map { "\(GeoJSONWriter.string($0.0)):\(GeoJSONWriter.json($0.1))" }.joined(separator: ",")
                + "},\"geometry\":null}"
        }
        XCTAssertEqual(g.finished(), "{\"type\":\"FeatureCollection\",\"features\":[\n" + lines.joined(separator: ",\n") + "\n]}\n")
    }

    func testAtomicWriteReplacesWholeFileAndLeavesNoTemp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("list.csv").path
        try AtomicFile.write("old\n", to: path)
        try AtomicFile.write("new\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["list.csv"])
    }

    /// Files other programs wrote (shapelib, GDAL, rsvg-convert) are synchronised before the
    /// commit; one that is not there is an error naming it, not a silent skip.
    func testSynchronizingAFileAnotherProgramWrote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let written = dir.appendingPathComponent("units.shp").path
        XCTAssertTrue(FileManager.default.createFile(atPath: written, contents: Data([1, 2, 3])))
        XCTAssertNoThrow(try AtomicFile.synchronize(written))
        let missing = dir.appendingPathComponent("units.gpkg").path
        XCTAssertThrowsError(try AtomicFile.synchronize(missing)) { error in
            XCTAssertEqual((error as? TargetingError)?.message, "cannot open \(missing) to save it to disk: No such file or directory")
        }
    }
}

final class FixedDecimalTests: XCTestCase {
    func testAgreesWithPrintfOnValuesWithoutTies() {
        // Values whose binary expansion is not a decimal tie round the same way as %.7f / %.1f.
        for x in [0.0, 1.5, -0.26, 22.4123456789, -6.13, 123.456, 0.00000004, -0.00000004, 1e-9, 25.0, -180.0] {
            XCTAssertEqual(FixedDecimal.format(x, places: 7), String(format: "%.7f", x).replacingOccurrences(of: "-0.0000000", with: "0.0000000"), "\(x)")
            XCTAssertEqual(FixedDecimal.format(x, places: 1), String(format: "%.1f", x).replacingOccurrences(of: "-0.0", with: "0.0"), "\(x)")
        }
        XCTAssertEqual(FixedDecimal.format(22.41, places: 7, trimZeros: true), "22.41")
        XCTAssertEqual(FixedDecimal.format(-6, places: 7, trimZeros: true), "-6")
        XCTAssertEqual(FixedDecimal.format(-0.00000001, places: 7, trimZeros: true), "0")
    }

    /// Hand-checked spellings across the digit counts the two-digit writer handles: whole parts
    /// of 1 to 10 digits, odd and even numbers of decimals, ties of exact binary values rounded
    /// half away from zero (2.5 → 3, where printf gives 2), trailing zeros trimmed or kept.
    func testSpellingsByHand() {
        let cases: [(Double, Int, Bool, String)] = [
            (20.0009375, 7, true, "20.0009375"), (-8, 7, true, "-8"), (-8, 7, false, "-8.0000000"),
            (0.5, 0, false, "1"), (-0.5, 0, false, "-1"), (2.5, 0, false, "3"), (10, 0, false, "10"),
            (1234567.25, 2, false, "1234567.25"), (1234567.25, 1, false, "1234567.3"), (-999_999_999.5, 0, false, "-1000000000"),
            (0.1, 9, false, "0.100000000"), (0.1, 9, true, "0.1"), (1e-9, 9, false, "0.000000001"), (0.000000005, 8, false, "0.00000001"),
            (123_456_789, 3, true, "123456789"), (100.04, 1, true, "100"), (3.1, 2, true, "3.1"), (3.1, 2, false, "3.10"),
            (-0.05, 1, false, "-0.1"), (-0.04, 1, false, "0.0"), (99.99, 1, false, "100.0"), (7.0625, 3, false, "7.063"),
            (1e9, 2, false, "1000000000.0"), (.nan, 3, false, "NaN"),
        ]
        for (x, places, trim, expected) in cases {
            XCTAssertEqual(FixedDecimal.format(x, places: places, trimZeros: trim), expected, "\(x) at \(places)\(trim ? ", trimmed" : "")")
        }
    }
}
