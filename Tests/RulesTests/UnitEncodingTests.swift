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

    /// A Lua string literal's body spelling every byte as a decimal escape.
    static func luaBytes(_ s: String) -> String {
        s.utf8.map { "\\" + String(format: "%03d", Int($0)) }.joined()
    }
}
