import XCTest
import Foundation

/// Live counts (rows read, facts computed, files written, with rate and time left) are for a
/// person watching a terminal: when stderr is a file or a pipe, as here, the run writes its step
/// lines as plain lines and nothing of the updating line (no carriage return, no rate).
final class ProgressOutputTests: XCTestCase {
    func testNoLiveCountsWhenStderrIsNotATerminal() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try runTargeting(["rank", "--no-maps", "--out", out.path], cwd: TargetingBinary.packageRoot, timeout: 300)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertFalse(r.stderr.contains("\r"), r.stderr)
        for counted in ["rows/s", "facts/s", "files/s", "reading Shapefiles/kasai/", "computing facts:", "writing outputs:"] {
            XCTAssertFalse(r.stderr.contains(counted), "\(counted) in: \(r.stderr)")
        }
        // The steps themselves are still said, one per line.
        XCTAssertTrue(r.stderr.contains("loading Shapefiles/kasai/targeting.toml\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("writing the report\n"), r.stderr)
    }
}
