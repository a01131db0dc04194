import XCTest
import Domain
@testable import Rules

/// Nothing the script can reach depends on the run: no hash order, no address.
final class DeterminismTests: XCTestCase {
    let method = """
    facts { x = attribute "x" }
    criterion "c" { indicator "x" { } }

    """

    func loadError(_ body: String) -> TargetingError? {
        do { _ = try Fixture.load(method + body) } catch let e as TargetingError { return e } catch { XCTFail("\(error)") }
        XCTFail("expected an error")
        return nil
    }

    func testNextIteratesInSortedOrder() throws {
        // Numbers, then strings, then booleans, as pairs; the same in every run (each load is a
        // new Lua state with a new string hash seed).
        let source = method + """
        local t = { b = 1, a = 2, [3] = 1, [1] = 0, [true] = 5, zz = 1, k9 = 1, k10 = 1 }
        local order = {}
        for k, v in next, t do order[#order + 1] = tostring(k) end
        t.a = nil
        local after = {}
        local k = next(t)
        while k ~= nil do after[#after + 1] = tostring(k); k = next(t, k) end
        assert(next({}) == nil)
        error(table.concat(order, ",") .. "|" .. table.concat(after, ","))
        """
        for _ in 0..<4 {
            let e = Fixture.errorText { _ = try Fixture.load(source) }
            XCTAssertEqual(e, "Scripts/test.lua:11: 1,3,a,b,k10,k9,zz,true|1,3,b,k10,k9,zz,true")
        }
    }

    func testNextRefusesKeysWithoutAnOrder() {
        let e = loadError("local t = { [{}] = 1 } for k in next, t do end")
        XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua", line: 3))
        XCTAssertEqual(e?.message, "sorted iteration: keys must be numbers, strings or booleans (found a table)")
        XCTAssertEqual(loadError("next({ a = 1 }, 'zz')")?.message, "invalid key to 'next'")
    }

    func testAddressesAreOutOfReach() {
        let e = loadError("print(string.format('%p', {}))")
        XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua", line: 3))
        XCTAssertEqual(e?.message, "string.format: %p (an address) is not allowed in rules: addresses differ from run to run")
        XCTAssertTrue(loadError("local s = ('%-5p'):format(print)")?.message.contains("%p (an address)") ?? false)
        // %%p is a literal; %s of a table or function prints as tostring does, without an address.
        XCTAssertEqual(Fixture.errorText { _ = try Fixture.load(method + """
        error(string.format("%%p %s %s %5s %s", {}, print, tostring({}), setmetatable({}, { __tostring = function() return "T" end })))
        """) }, "Scripts/test.lua:3: %p table function table T")
    }

    func testSortIsStable() throws {
        // Equal keys keep their order (Lua's own sort would mix the 100 elements of each key),
        // and a sort still sorts, with or without a comparison.
        XCTAssertNoThrow(try Fixture.load(method + """
        local t = {}
        for i = 1, 300 do t[i] = { k = i % 3, i = i } end
        table.sort(t, function(a, b) return a.k < b.k end)
        for i = 2, 300 do assert(t[i - 1].k < t[i].k or (t[i - 1].k == t[i].k and t[i - 1].i < t[i].i), "unstable at " .. i) end
        local u = { 5, 3, 9, 1, 3 }
        table.sort(u)
        assert(table.concat(u, ",") == "1,3,3,5,9")
        table.sort(u, function(a, b) return a > b end)
        assert(table.concat(u, ",") == "9,5,3,3,1")
        """))
    }

    func testTableErrorObjectsSayWhatIsWrong() {
        let e = loadError("local x = 1\nerror({ code = 3, msg = 'bad' })")
        XCTAssertEqual(e?.location, SourceLocation(file: "Scripts/test.lua", line: 4))
        XCTAssertEqual(e?.message, "error() was called with a table {code = 3, msg = \"bad\"} instead of a message: pass a string, e.g. error(\"what went wrong\")")
        XCTAssertEqual("\(loadError("error(42)").map { "\($0)" } ?? "")".hasPrefix("Scripts/test.lua: error() was called with 42 (a number)"), true)
        // Inside a rule function: the unit and rule are named.
        let p = Fixture.errorText {
            let p = try Fixture.load(method + "criterion \"d\" { indicator \"y\" { value = function(u) error({ why = u.id }) end } }")
            _ = try p.evaluate { _ in [1, 2, 3] }
        }
        XCTAssertTrue(p.hasPrefix("Scripts/test.lua:3: error() was called with a table {why = \"CD9102001\"}"), p)
        XCTAssertTrue(p.contains("(unit CD9102001, indicator y)"), p)
        // A table caught by the script's own pcall is still the table.
        XCTAssertNoThrow(try Fixture.load(method + "local ok, e = pcall(error, { code = 7 }) assert(not ok and e.code == 7)"))
    }
}
