import XCTest
import Domain
@testable import Rules

/// Each unit's rule calls see exactly the state the script's top level left, whatever path the
/// state takes (upvalues of global helpers, functions kept in tables, closures made by `load`,
/// tables), and the project table is read-only all the way down.
final class IsolationTests: XCTestCase {
    let method = """
    facts { x = attribute "x" }
    criterion "c" { indicator "x" { } }

    """

    /// The values of indicator y for the three fixture units.
    func values(_ body: String) throws -> [Double?] {
        let p = try Fixture.load(method + body)
        return try p.evaluate { _ in [1, 2, 3] }.units.map { $0.raw["y"] }
    }

    func error(_ body: String, evaluate: Bool = true) -> TargetingError? {
        do {
            let p = try Fixture.load(method + body)
            if evaluate { _ = try p.evaluate { _ in [1, 2, 3] } }
        } catch let e as TargetingError { return e } catch { XCTFail("\(error)") }
        XCTFail("expected an error")
        return nil
    }

    func testUpvaluesOfGlobalHelpersAreRestored() throws {
        XCTAssertEqual(try values("""
        local n = 0
        function bump() n = n + 1 return n end
        criterion "d" { indicator "y" { value = function(u) return bump() end } }
        """), [1, 1, 1])
    }

    func testUpvaluesHoldingNilAreRestored() throws {
        // `last` is nil after the top level: every unit sees nil (1), and `n` after it is restored too.
        XCTAssertEqual(try values("""
        local last
        local n = 0
        criterion "d" { indicator "y" { value = function(u)
          local prev = last
          last = u.id
          n = n + 1
          return (prev == nil and 1 or 100) + n
        end } }
        """), [2, 2, 2])
    }

    func testFunctionsKeptInTablesAreRestored() throws {
        XCTAssertEqual(try values("""
        local helpers = {}
        do local n = 0; helpers.bump = function() n = n + 1 return n end end
        criterion "d" { indicator "y" { value = function(u) return helpers.bump() end } }
        """), [1, 1, 1])
    }

    func testClosuresMadeByLoadAreRestored() throws {
        XCTAssertEqual(try values("""
        local bump = load("local n = 10 return function() n = n + 1 return n end")()
        criterion "d" { indicator "y" { value = function(u) return bump() end } }
        """), [11, 11, 11])
    }

    func testTopLevelTablesAreReadOnlyDuringEvaluation() {
        let e = error("""
        local counts = { n = 0 }
        criterion "d" { indicator "y" { value = function(u)
          counts.n = counts.n + 1
          return counts.n
        end } }
        """)
        XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua", line: 5))
        XCTAssertEqual(e?.message, "this table was built by the script's top level and is read-only while rules are evaluated "
                       + "(every unit must see the state the top level left): build a new table inside the rule function instead "
                       + "(unit CD9102001, indicator y)")
        // Through table.insert and rawset as well.
        XCTAssertTrue(error("local seen = {}\ncriterion \"d\" { indicator \"y\" { value = function(u) table.insert(seen, u.id) return #seen end } }")?
            .message.contains("read-only while rules are evaluated") ?? false)
        XCTAssertTrue(error("local seen = {}\ncriterion \"d\" { indicator \"y\" { value = function(u) rawset(seen, u.id, 1) return 1 end } }")?
            .message.contains("read-only while rules are evaluated") ?? false)
    }

    func testFrozenTablesReadAsBefore() throws {
        // pairs (3) + ipairs (60) + # (3) + rawget (1) + rawlen (3) + methods (5 + 7) + next's first value (1) = 83
        XCTAssertEqual(try values("""
        local weights = { a = 1, b = 2, list = { 10, 20, 30 } }
        local Class = {}
        Class.__index = Class
        function Class.get(self) return self.v end
        local obj = setmetatable({ v = 5 }, Class)
        criterion "d" { indicator "y" { value = function(u)
          local s = 0
          for k, v in pairs(weights) do if type(v) == "number" then s = s + v end end
          for _, v in ipairs(weights.list) do s = s + v end
          s = s + #weights.list + rawget(weights, "a") + rawlen(weights.list)
          local o2 = setmetatable({ v = 7 }, Class)
          assert(getmetatable(obj) == Class and getmetatable(o2) == Class)
          assert(table.concat(weights.list, ",") == "10,20,30")
          return s + obj:get() + o2:get() + select(2, next(weights))
        end } }
        """), [83, 83, 83])
    }

    func testProjectIsReadOnlyAllTheWayDown() {
        for code in ["rawset(project.as_of, 'year', 1999)", "rawset(project, 'units', 1)", "setmetatable(project.as_of, nil)",
                     "project.as_of.year = 1999", "project.units = 1"] {
            let e = error(code, evaluate: false)
            XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua", line: 3), code)
            XCTAssertTrue(["protected", "read-only", "protected metatable"].contains { e?.message.contains($0) ?? false }, "\(code): \(e?.message ?? "")")
        }
        // Inside a rule function too; the date is still the as_of date afterwards.
        XCTAssertTrue(error("criterion \"d\" { indicator \"y\" { value = function(u) rawset(project.as_of, 'year', 1999) return 1 end } }")?
            .message.contains("rawset: this table is protected") ?? false)
        XCTAssertEqual(try values("criterion \"d\" { indicator \"y\" { value = function(u) return project.as_of.year end } }"), [2020, 2020, 2020])
    }

    func testIteratorsKeptAtTopLevelAreRefused() {
        let e = error("local words = ('a b c'):gmatch('%a')\ncriterion \"d\" { indicator \"y\" { value = function(u) return #words() end } }")
        XCTAssertEqual(e?.message, "the script's top level keeps an iterator (such as one made by string.gmatch) whose position would "
                       + "carry from one unit to the next: create it inside the rule function")
        XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua"))
    }

    func testCollectgarbageIsRefusedInsideRules() {
        let e = error("criterion \"d\" { indicator \"y\" { value = function(u) local m = collectgarbage('count') return m end } }")
        XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua", line: 3))
        XCTAssertTrue(e?.message.hasPrefix("collectgarbage is not available inside rule functions") ?? false, e?.message ?? "")
    }
}
