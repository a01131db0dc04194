import XCTest
import Domain
@testable import Rules

/// The fields rules read most are kept in the unit table itself for each unit (a plain table
/// read, not a call into C), and globals are read through a chain of tables: what a rule sees
/// must be what it saw when every read went through a function.
final class UnitFieldCacheTests: XCTestCase {
    /// A fact present for the first units and missing for the next reads as missing (named in the
    /// reason), not as the previous unit's value; and present again afterwards.
    func testAMissingValueAfterPresentOnesIsMissing() throws {
        let units = (1...5).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: nil, population: $0 == 4 ? nil : 100,
                                           attributes: [:]) }
        let p = try Fixture.load("""
        facts { x = attribute "a", y = attribute "b" }
        criterion "c" {
          indicator "sum" { value = function(u) return u.x + u.y end },
          indicator "head" { value = function(u) return per_head(u.x, u.population) end },
          indicator "name" { value = function(u) return #u.name + #u.id end },
        }
        """, units: units)
        let facts: [String: [Double?]] = ["x": [1, 2, nil, 4, 5], "y": [10, 20, 30, nil, 50]]
        let run = try p.evaluate(facts: { facts[$0.name] ?? [] }, sample: [0, 1, 2, 3, 4])
        XCTAssertEqual(run.errors.count, 0)
        XCTAssertEqual(run.input.units.map { $0.raw["sum"] }, [11, 22, nil, nil, 55])
        XCTAssertEqual(run.input.units.map { $0.raw["head"] }, [0.01, 0.02, nil, nil, 0.05])
        XCTAssertEqual(run.input.units.map { $0.raw["name"] }, [5, 5, 5, 5, 5]) // "G1" + "CD1"
        XCTAssertTrue(run.input.units[2].missing["sum"]?.hasPrefix("missing x (") ?? false, "\(run.input.units[2].missing)")
        XCTAssertTrue(run.input.units[3].missing["sum"]?.hasPrefix("missing y (") ?? false, "\(run.input.units[3].missing)")
        XCTAssertEqual(run.input.units[2].missing["head"], "missing x")
        XCTAssertEqual(run.input.units[3].missing["head"], "missing population")
    }

    /// rawget, pairs and next on the unit see an empty table, as they did before any field was
    /// kept in it; reading the unit outside its rules is still an error.
    func testTheUnitStillLooksEmpty() throws {
        let units = (1...3).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: nil, population: 100, attributes: [:]) }
        let p = try Fixture.load("""
        facts { x = attribute "a" }
        criterion "c" {
          indicator "seen" { value = function(u)
            local n = 0
            for _ in pairs(u) do n = n + 1 end
            if next(u) ~= nil then n = n + 100 end
            if rawget(u, "x") ~= nil or rawget(u, "id") ~= nil then n = n + 1000 end
            return u.x + u.population * 0 + n
          end },
        }
        """, units: units)
        let run = try p.evaluate(facts: { _ in [1, 2, 3] }, sample: [0, 1, 2])
        XCTAssertEqual(run.errors.count, 0)
        XCTAssertEqual(run.input.units.map { $0.raw["seen"] }, [1, 2, 3])
    }

    /// A global a rule writes is seen by the rest of that call only; the script's own globals and
    /// the rules API are read through it; a name left out of the sandbox is still refused at the
    /// line that reads it.
    func testGlobalsReadThroughTheChain() throws {
        let units = (1...3).map { RuleUnit(id: UnitID("CD\($0)"), name: "G\($0)", parent: nil, population: 100, attributes: [:]) }
        let p = try Fixture.load("""
        facts { x = attribute "a" }
        base = 1000
        criterion "c" {
          indicator "g" { value = function(u)
            local before = total
            total = (total or 0) + u.x
            base = base + 1
            return (before == nil and 0 or 1e6) + total + base + (per_head(u.x, u.population) or 0) * 0
          end },
          indicator "os" { value = function(u) return os.time() end },
        }
        """, units: units)
        let run = try p.evaluate(facts: { _ in [1, 2, 3] }, sample: [0, 1, 2])
        XCTAssertEqual(run.input.units.map { $0.raw["g"] }, [1002, 1003, 1004])
        XCTAssertEqual(run.errors.map { "\($0.location.map(\.description) ?? ""): \($0.message)" }, [
            "Scripts/test.lua:10: os is not available in rules: rules have no clock, files or processes (unit CD1, indicator os)",
            "Scripts/test.lua:10: os is not available in rules: rules have no clock, files or processes (unit CD2, indicator os)",
            "Scripts/test.lua:10: os is not available in rules: rules have no clock, files or processes (unit CD3, indicator os)",
        ])
    }
}
