import XCTest
import Domain
@testable import Rules
import CLuaSandbox

/// Hostile scripts: each must end in a clear error, within the instruction budget and memory cap.
final class SandboxTests: XCTestCase {
    /// A minimal valid script body that the hostile parts are added to.
    let method = """
    facts { x = attribute "x" }
    criterion "c" { indicator "x" { } }

    """

    func loadError(_ body: String) -> String {
        Fixture.errorText { _ = try Fixture.load(method + body) }
    }

    /// Hostile code inside a rule function runs during evaluation, for a unit.
    func evalError(_ function: String) -> String {
        Fixture.errorText {
            let p = try Fixture.load(method + "criterion \"d\" { indicator \"y\" { value = \(function) } }\n")
            _ = try p.evaluate { _ in [1, 2, 3] }
        }
    }

    func testEndlessLoopsStopAtTheBudget() {
        XCTAssertTrue(loadError("while true do end").contains("instruction budget exceeded"))
        // Behind pcall: the budget error is raised again, the script cannot swallow it.
        let behindPcall = loadError("while true do pcall(function() while true do end end) end")
        XCTAssertTrue(behindPcall.contains("instruction budget exceeded"), behindPcall)
        // Inside an xpcall message handler (which Lua would run with hooks off).
        let handler = loadError("xpcall(function() error('x') end, function(m) while true do end end)")
        XCTAssertTrue(handler.contains("instruction budget exceeded"), handler)
        // A pcall that swallows it and returns normally is still reported as over budget.
        let swallowed = loadError("local ok = pcall(function() while true do end end) if not ok then error('hidden') end")
        XCTAssertTrue(swallowed.contains("instruction budget exceeded"), swallowed)
        XCTAssertTrue(swallowed.hasPrefix("Scripts/test.lua"), swallowed)
    }

    func testLoopInsideARuleNamesTheUnit() {
        let text = evalError("function(u) while true do end end")
        XCTAssertTrue(text.contains("instruction budget exceeded"), text)
        XCTAssertTrue(text.contains("unit CD9102001, indicator y"), text)
    }

    func testMemoryBombsHitTheCap() {
        // A budget large enough that the memory cap is reached first (bytes built are charged too).
        func loadError(_ body: String) -> String {
            Fixture.errorText { _ = try Fixture.load(method + body, limits: RulesLimits(memoryBytes: 32 << 20, instructions: 200_000_000)) }
        }
        let table = loadError("local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i} end")
        XCTAssertTrue(table.contains("memory limit exceeded"), table)
        let concat = loadError("local s = 'x' while true do s = s .. s end")
        XCTAssertTrue(concat.contains("memory limit exceeded") || concat.contains("string.rep") , concat)
        let behindPcall = loadError("local t = {} while true do pcall(function() local i = #t while true do i = i + 1 t[i] = 'abcdefgh' .. i end end) end")
        XCTAssertTrue(behindPcall.contains("memory limit exceeded"), behindPcall)
    }

    func testWorkInCIsCharged() {
        // string.rep charges its 16e6 pieces before it runs: over the 5M test budget at once.
        let rep = loadError("for i = 1, 1e5 do string.rep('x', 16e6) end")
        XCTAssertTrue(rep.hasPrefix("Scripts/test.lua:3: instruction budget exceeded (5000000 instructions)"), rep)
        // Bytes allocated count: each sub(2) of a 1 MB string builds 1 MB, 250,000 instructions.
        let sub = loadError("local a = ('x'):rep(1e6)\nfor i = 1, 1e9 do local s = a:sub(2) end")
        XCTAssertTrue(sub.hasPrefix("Scripts/test.lua:4: instruction budget exceeded"), sub)
        // Shifts of table.insert / remove, and sorts.
        let insert = loadError("local t = {}\nfor i = 1, 1e5 do t[i] = i end\nfor i = 1, 1e9 do table.insert(t, 1, i) table.remove(t, 1) end")
        XCTAssertTrue(insert.hasPrefix("Scripts/test.lua:5: instruction budget exceeded"), insert)
        let sort = loadError("local t = {}\nfor i = 1, 1e4 do t[i] = -i end\nfor i = 1, 1e9 do table.sort(t) end")
        XCTAssertTrue(sort.hasPrefix("Scripts/test.lua:5: instruction budget exceeded"), sort)
        // A pattern call charges its bound: 4 × (4e5 + 1) steps each for %s+ over 4e5 bytes.
        let gsub = loadError("local s = ('a '):rep(2e5)\nfor i = 1, 1e9 do s:gsub('%s+', ' ') end")
        XCTAssertTrue(gsub.hasPrefix("Scripts/test.lua:4: instruction budget exceeded"), gsub)
    }

    func testTheTimeLimitStopsWhatNoCountSees() {
        // Comparing two equal 4 MB strings is one instruction: only the clock sees the work.
        let text = Fixture.errorText {
            _ = try Fixture.load(method + "local a, b = ('x'):rep(4e6), ('x'):rep(4e6 - 1) .. 'x'\nwhile true do local same = a == b end",
                                 limits: RulesLimits(memoryBytes: 32 << 20, instructions: 100_000_000_000, seconds: 0.5))
        }
        XCTAssertTrue(text.hasPrefix("Scripts/test.lua:4: time limit exceeded (0.5 s of processor time)"), text)
    }

    func testStringRepIsBounded() {
        let huge = loadError("local s = string.rep('x', 1e12)")
        XCTAssertTrue(huge.contains("string.rep: result would exceed"), huge)
        XCTAssertTrue(huge.hasPrefix("Scripts/test.lua:3"), huge)
        // Empty pieces: the stock version loops maxinteger times in C; ours returns "" at once.
        XCTAssertNoThrow(try Fixture.load(method + "assert(string.rep('', math.maxinteger) == '')"))
        XCTAssertNoThrow(try Fixture.load(method + "assert(('ab'):rep(3, ',') == 'ab,ab,ab')"))
    }

    func testCostlyPatternsAreRefused() {
        let text = loadError(#"local r = ("a"):rep(200):find(("a*"):rep(4) .. "b")"#)
        XCTAssertTrue(text.contains("too costly"), text)
        XCTAssertTrue(text.hasPrefix("Scripts/test.lua:3:"), text)
        // Ordinary patterns on ordinary strings still work, and plain find skips the check.
        XCTAssertNoThrow(try Fixture.load(method + #"assert(("  Kananga "):match("^%s*(.-)%s*$") == "Kananga")"#))
        XCTAssertNoThrow(try Fixture.load(method + #"assert(("a"):rep(200):find(("a*"):rep(4), 1, true) == nil)"#))
        XCTAssertNoThrow(try Fixture.load(method + #"assert(select(2, ("a,b,c"):gsub(",", ";")) == 2)"#))
        // The bound itself, computed by hand (lua_pattern_cost.c): T = 1, then right to left
        // c + T for a plain item, (r+1)(c + T) for x* with r the longest run of x in the subject;
        // times the n+1 start positions, or 1 when anchored.
        XCTAssertEqual(cost("a*b", "aaab"), 5 * (4 * (1 + (1 + 1))))               // 60
        XCTAssertEqual(cost("^%s*(.-)%s*$", "  ab "), 3 * (1 + 1 + 6 * (1 + 1 + 3 * (1 + 1 + 1))))   // 204
        XCTAssertEqual(cost("abc", "xxxxxxxxxx", plain: true), 11 * 3)
        XCTAssertEqual(cost("[%a_]", "abc"), 4 * (5 + 1))                          // a set costs its length
        XCTAssertEqual(cost("^a*", "aaaa", anchoredOK: false), 5 * (1 + 5 * (1 + 1)))  // gmatch: '^' is a character
        XCTAssertGreaterThan(cost(("a*" as String) + "a*a*a*b", String(repeating: "a", count: 200)), Double(LSB_PATTERN_MAX_COST))
    }

    func cost(_ p: String, _ s: String, anchoredOK: Bool = true, plain: Bool = false) -> Double {
        p.withCString { pp in s.withCString { ps in lsb_pattern_cost(pp, p.utf8.count, ps, s.utf8.count, anchoredOK ? 1 : 0, plain ? 1 : 0) } }
    }

    func testFinalisersAreRefused() {
        let text = loadError("setmetatable({}, { __gc = function() while true do end end })")
        XCTAssertTrue(text.contains("__gc finalisers are not allowed"), text)
        XCTAssertTrue(text.hasPrefix("Scripts/test.lua:3:"), text)
    }

    func testDangerousLibrariesAreAbsent() {
        // Our words, never Lua's ("attempt to index a nil value (global 'os')"), at the script's line.
        for (code, expect) in [
            ("os.exit(1)", "os is not available in rules: rules have no clock, files or processes"),
            ("io.open('/etc/passwd')", "io is not available in rules: rules read no files: declare layers in the project"),
            ("require('os')", "require is not available in rules: rules load no modules"),
            ("debug.sethook()", "debug is not available in rules: the debug library could break the sandbox"),
            ("dofile('/etc/passwd')", "dofile is not available in rules: rules read no files"),
            ("string.dump(print)", "string.dump is not available in rules: compiled functions are not allowed in rules"),
            ("math.random()", "math.random is not available in rules: results must be the same on every run"),
            ("local r = ('x').dump", "string.dump is not available in rules: compiled functions are not allowed in rules"),
            ("package.loadlib('x', 'y')", "package is not available in rules: rules load no modules"),
            ("collectgarbage('stop')", "collectgarbage: only \"count\" is allowed in rules"),
            ("local f, e = load(string.char(27) .. 'Lua') error(e)", "load: only text chunks are allowed in rules (this one is compiled Lua)"),
            ("load('return 1', 'x', 'b')", "load: only text chunks are allowed in rules"),
            ("string.x = 1", "the string library is read-only"),
            ("rawset(_G, 'x', 1)", "rawset: this table is protected"),
            ("setmetatable(_G, nil)", "setmetatable: this table is protected"),
        ] {
            XCTAssertEqual(loadError(code), "Scripts/test.lua:3: " + expect, code)
        }
        // A text chunk loaded by the script sees the script's environment, not the host's.
        let text = loadError("load('return debug.getinfo')()")
        XCTAssertTrue(text.contains("debug"), text)
        XCTAssertNoThrow(try Fixture.load(method + "assert(load('return 1 + 1')() == 2)"))
    }

    func testGlobalsAndLocalsDoNotLeakBetweenUnits() throws {
        // Each unit sees a fresh global `seen` and the script's `calls` counter as it was after
        // loading: the value is 1 for every unit, never 2 or 3.
        let p = try Fixture.load(method + """
        local calls = 0
        criterion "d" { indicator "y" { value = function(u)
            calls = calls + 1
            seen = (seen or 0) + 1
            return calls * 10 + seen
        end } }
        """)
        let input = try p.evaluate { _ in [1, 2, 3] }
        XCTAssertEqual(input.units.map { $0.raw["y"] }, [11, 11, 11])
    }

    func testPairsOrderCannotChangeScores() throws {
        // Summing floats in pairs order would depend on Lua's per-run hash seed; pairs is sorted.
        let source = method + """
        criterion "d" { indicator "y" { value = function(u)
            local t = {}
            for i = 1, 40 do t["k" .. i] = 1 / (i * 7) * (i % 2 == 0 and 1e16 or 1) end
            local s, order = 0, {}
            for k, v in pairs(t) do s = s * 1.0000001 + v; order[#order + 1] = k end
            return s + order[1]:byte(2)
        end } }
        """
        var results: [[Double?]] = []
        for _ in 0..<4 {
            let p = try Fixture.load(source)
            results.append(try p.evaluate { _ in [1, 2, 3] }.units.map { $0.raw["y"] })
        }
        XCTAssertEqual(Set(results.map { $0.map { $0.map(\.bitPattern) } }).count, 1)
    }

    func testStateIsDeadAfterTheBudgetIsSpent() throws {
        let p = try Fixture.load(method + "criterion \"d\" { indicator \"y\" { value = function(u) while true do end end } }")
        XCTAssertThrowsError(try p.evaluate { _ in [1, 2, 3] })
        let again = Fixture.errorText { _ = try p.evaluate { _ in [1, 2, 3] } }
        XCTAssertTrue(again.contains("instruction budget exceeded"), again)
    }
}
