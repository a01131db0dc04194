import XCTest
import Domain
@testable import Rules

/// A runaway loop is reported at the line where the budget ran out, in the user's file.
final class BudgetLocationTests: XCTestCase {
    func testEndlessLoopNamesItsLine() throws {
        let source = """
        facts { x = count { layer = "conflict" } }
        criterion "c" { indicator "x" {} }
        score { "c" }
        local n = 0
        while true do n = n + 1 end
        """
        XCTAssertThrowsError(try RulesEngine.load(source: source, chunkname: "Scripts/loop.lua", asOf: ISODate(iso: "2020-12-31")!,
                                                  units: [], limits: RulesLimits(memoryBytes: 16 << 20, instructions: 2_000_000))) { error in
            let e = error as? TargetingError
            XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/loop.lua", line: 5), "\(error)")
            XCTAssertTrue(e?.message.contains("instruction budget exceeded") ?? false, "\(error)")
        }
    }
}
