import XCTest
import Domain
@testable import Rules

/// Unit values reach the rules through the C API and results come back from the Lua stack: the
/// host's own work is not charged to the script's instruction budget, and a rule's state does not
/// carry from one call to the next.
final class CrossingTests: XCTestCase {
    /// A rule that reads one fact and returns it costs a handful of instructions per call (the
    /// call, the read, the return), not the ~100 the host's Lua used to spend on copying
    /// attributes and building a view and a context string for every call.
    func testTheHostsWorkIsNotCharged() throws {
        let n = 3000
        let units = (1...n).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: UnitID("CD"), population: 1000,
                                           attributes: ["a": .text("some text"), "b": .number(2), "c": .bool(true)]) }
        let p = try Fixture.load("""
        facts { x = attribute "b" }
        criterion "c" { indicator "y" { value = function(u) return u.x end } }
        """, units: units, limits: .scaled(forUnits: n))
        let before = p.instructionsUsed
        let input = try p.evaluate { _ in (0..<n).map(Double.init) }
        XCTAssertEqual(input.units[n - 1].raw["y"], Double(n - 1))
        // The count hook adds 1,000 at a time: 3,000 calls at about 4 instructions are 12,000.
        XCTAssertLessThanOrEqual(p.instructionsUsed - before, 20 * Int64(n))
    }

    /// u.attr is a copy per rule call: a write to it, or a global written by a rule, is gone for
    /// the next call and the next unit.
    func testARuleCallLeavesNothingBehind() throws {
        let units = (1...3).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: nil, population: 10, attributes: ["k": .number(Double($0))]) }
        let p = try Fixture.load("""
        facts { x = attribute "k" }
        criterion "c" {
          indicator "first" { value = function(u) local before = u.attr.k; u.attr.k = 100; seen = (seen or 0) + 1; return before + seen end },
          indicator "second" { value = function(u) return u.attr.k + (seen or 0) end },
        }
        """, units: units)
        let input = try p.evaluate { _ in [1, 2, 3] }
        XCTAssertEqual(input.units.map { $0.raw["first"] }, [2, 3, 4])
        XCTAssertEqual(input.units.map { $0.raw["second"] }, [1, 2, 3])
    }

    /// Missing values read by a rule are named in the order read; an unknown field is an error at
    /// the rule's line.
    func testMissingReadsAndUnknownNames() throws {
        let units = [RuleUnit(id: UnitID("CD1"), name: "G1", parent: nil, population: nil, attributes: ["k": .null, "j": .number(1)])]
        let p = try Fixture.load("""
        facts { x = attribute "j" }
        criterion "c" {
          indicator "a" { value = function(u) return u.x + u.attr.k + u.population end },
          indicator "b" { value = function(u) return u.attr["no" .. "pe"] end },
          indicator "c" { value = function(u) return u.nope end },
        }
        """, units: units)
        let run = try p.evaluate(facts: { _ in [nil] }, sample: [0])
        // What is ours: the values missing, in the order read, and the rule's line; the rest of the
        // parenthesis is Lua's own wording of the arithmetic on nil, not asserted.
        let missing = try XCTUnwrap(run.input.units[0].missing["a"])
        XCTAssertTrue(missing.hasPrefix("missing x, attr k (Scripts/test.lua:3: "), missing)
        XCTAssertEqual(run.errors.map { "\($0.location.map(\.description) ?? ""): \($0.message)" }, [
            "Scripts/test.lua:4: u.attr[\"nope\"]: the units have no field nope (unit CD1, indicator b)",
            "Scripts/test.lua:5: u.nope is not a declared fact (declare it in facts { … }) (unit CD1, indicator c)",
        ])
    }

    /// table.concat charges the elements it joins (i..j), not the whole table on every call.
    func testConcatIsChargedByItsRange() throws {
        let method = "facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"x\" { } }\n"
        // 2,000 joins of two elements of a 100,000-element table: 16,000 charged, not 800 million.
        _ = try Fixture.load(method + "local t = {}\nfor i = 1, 1e5 do t[i] = 'a' end\nfor k = 1, 2000 do local s = table.concat(t, '', 1, 2) end")
        // The whole table, joined 2,000 times: over the budget.
        let whole = Fixture.errorText {
            _ = try Fixture.load(method + "local t = {}\nfor i = 1, 1e5 do t[i] = 'a' end\nfor k = 1, 2000 do local s = table.concat(t, '', 1, #t) end")
        }
        XCTAssertTrue(whole.hasPrefix("Scripts/test.lua:5: instruction budget exceeded"), whole)
    }

    /// What a rule's value means, when it is not a finite number or a boolean (missing data, an
    /// error and its words), is the prelude's work and not charged: a rule returning nil for a
    /// missing fact costs what a rule returning the fact costs (about 4 instructions a call).
    func testReadingAMissingValueIsNotCharged() throws {
        let n = 3000
        let units = (1...n).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: UnitID("CD"), population: 1000, attributes: [:]) }
        let p = try Fixture.load("""
        facts { x = attribute "b" }
        criterion "c" { indicator "y" { value = function(u) return u.x end } }
        """, units: units, limits: .scaled(forUnits: n))
        let before = p.instructionsUsed
        let input = try p.evaluate { _ in [Double?](repeating: nil, count: n) }
        XCTAssertEqual(input.units[n - 1].missing["y"], "missing x")
        XCTAssertLessThanOrEqual(p.instructionsUsed - before, 20 * Int64(n))
    }

    /// All of a unit's rules run in one protected call; a rule that raises or gives a value the
    /// prelude must read stops that call, and the unit's next rules still run, each from the top
    /// level's upvalues.
    func testAnErrorInOneRuleLeavesTheUnitsOtherRules() throws {
        let units = (1...3).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: nil, population: 10, attributes: ["k": .number(Double($0))]) }
        let p = try Fixture.load("""
        facts { x = attribute "k" }
        local calls = 0
        criterion "c" {
          indicator "first" { value = function(u) calls = calls + 1; return u.x * 10 + calls end },
          indicator "second" { value = function(u) calls = calls + 1; if u.x == 2 then error("no " .. calls) end; if u.x == 3 then return nil end; return calls end },
          indicator "third" { value = function(u) calls = calls + 1; return calls end },
        }
        """, units: units)
        let run = try p.evaluate(facts: { _ in [1, 2, 3] }, sample: [0, 1, 2])
        XCTAssertEqual(run.input.units.map { $0.raw["first"] }, [11, 21, 31])
        XCTAssertEqual(run.input.units.map { $0.raw["second"] }, [1, nil, nil])
        XCTAssertEqual(run.input.units.map { $0.raw["third"] }, [1, 1, 1])
        XCTAssertEqual(run.input.units[2].missing["second"], "no value (the rule returned nil)")
        XCTAssertEqual(run.errors.map { "\($0.location.map(\.description) ?? ""): \($0.message)" }, [
            "Scripts/test.lua:5: no 1 (unit CD2, indicator second)",
        ])
    }
}
