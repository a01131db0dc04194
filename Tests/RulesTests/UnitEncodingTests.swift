import XCTest
import Domain
@testable import Rules

/// The units reach the rule functions as the host gave them: text byte for byte (accents, quotes,
/// control characters), numbers exactly.
final class UnitEncodingTests: XCTestCase {
    func testTextAndNumbersArriveUnchanged() throws {
        let name = "Kasaï \"Tshikapa\"\\\n\u{7}é"
        let units = [
            RuleUnit(id: UnitID("CD9102001"), name: name, parent: UnitID("CD9102"), population: 0.1,
                     attributes: ["province": .text("Kasaï-Central"), "ok": .bool(true), "n": .number(1e-300)]),
        ]
        let p = try Fixture.load("""
        facts { x = attribute "x" }
        criterion "c" { indicator "x" { } }
        flag "same" { when = function(u)
          return u.name == "\(Self.luaBytes(name))"
            and u.attr.province == "Kasaï-Central" and u.attr.ok == true and u.attr.n == 1e-300
            and u.population == 0.1 and u.x == 0.30000000000000004
        end, reason = "r" }
        criterion "d" { indicator "len" { value = function(u) return #u.name end } }
        """, units: units)
        let input = try p.evaluate { _ in [0.1 + 0.2] }
        XCTAssertEqual(input.units[0].raw["len"], Double(name.utf8.count))
        XCTAssertEqual(input.units[0].flags, ["same"])
    }

    /// Units go to Lua in batches: every result must come back to its own unit, across batch
    /// boundaries, and a `when` override must read its own rule's answer.
    func testResultsStayWithTheirUnitsAcrossBatches() throws {
        let n = 2 * RulesProgram.batchSize + 7
        let units = Fixture.units(n)
        let p = try Fixture.load("""
        facts { x = attribute "x" }
        criterion "c" { indicator "twice" { value = function(u) return u.x * 2 end } }
        gate "odd" { eligible_if = function(u) return u.x % 2 == 1 end, reason = "even" }
        flag "big" { when = function(u) return u.x > 2000 end, reason = "r" }
        include { when = function(u) return u.x % 4 == 0 end, reason = "fours" }
        exclude { when = function(u) return u.x % 3 == 0 end, reason = "threes" }
        """, units: units, limits: .scaled(forUnits: n))
        let input = try p.evaluate { _ in (0..<n).map { Double($0) } }
        for (i, u) in input.units.enumerated() {
            XCTAssertEqual(u.id, units[i].id)
            XCTAssertEqual(u.raw["twice"], Double(2 * i), "\(u.id)")
            XCTAssertEqual(u.failedGates["odd"] != nil, i % 2 == 0, "\(u.id)")
            XCTAssertEqual(u.flags == ["big"], i > 2000, "\(u.id)")
            // The later override wins: threes are excluded even when they are fours.
            let expected: OverrideAction? = i % 3 == 0 ? .exclude : i % 4 == 0 ? .include : nil
            XCTAssertEqual(u.overrideAction, expected, "\(u.id)")
        }
    }

    /// A Lua string literal's body spelling every byte as a decimal escape.
    static func luaBytes(_ s: String) -> String {
        s.utf8.map { "\\" + String(format: "%03d", Int($0)) }.joined()
    }
}
