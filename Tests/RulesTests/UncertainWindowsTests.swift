import XCTest
import Domain
@testable import Rules

/// `uncertainty { windows = { … } }`: what it declares, and the exact message for each mistake.
final class UncertainWindowsTests: XCTestCase {
    let method = """
    local as_of = project.as_of
    facts {
      past = count { layer = "conflict", from = "2016-08-01", to = as_of - 365 },
      recent = count { layer = "conflict", from = as_of - 364, to = as_of },
      dead = sum { layer = "conflict", field = "fatalities", from = as_of - 364, to = as_of },
      open = count { layer = "conflict", from = "2016-08-01" },
      km = nearest { layer = "health" },
    }
    criterion "conflict" { indicator "past" {}, indicator "recent" {}, indicator "dead" {}, indicator "open" {}, indicator "km" {} }

    """

    func day(_ s: String) -> ISODate { ISODate(iso: s)! }

    func testLengthsEndWhereTheDeclaredWindowEndsAndTheAdjoiningFactFollows() throws {
        let p = try Fixture.load(method + "uncertainty { windows = { recent = { 90, 365 }, dead = { 30, 730 } } }")
        let u = try XCTUnwrap(p.method.uncertainty)
        XCTAssertEqual(u.weights, [])
        // In the order of the method's facts (a facts { … } table lists them by name); dead sums
        // another field, so no fact adjoins it.
        XCTAssertEqual(u.windows.map(\.fact), ["dead", "recent"])
        let recent = u.windows[1]
        XCTAssertEqual(recent.adjoining?.fact, "past")
        XCTAssertNil(u.windows[0].adjoining)
        let w = recent.windows(0)
        XCTAssertEqual(w.map(\.fact), ["recent", "past"])
        XCTAssertEqual(w[0].window, DateWindow(from: day("2020-10-03"), to: day("2020-12-31")))   // 90 days, both ends
        XCTAssertEqual(w[1].window, DateWindow(from: day("2016-08-01"), to: day("2020-10-02")))
        XCTAssertTrue(recent.isDeclared(1))
        XCTAssertFalse(recent.isDeclared(0))
        XCTAssertEqual(u.windows[0].windows(1).map(\.window), [DateWindow(from: day("2019-01-02"), to: day("2020-12-31"))])
        XCTAssertEqual(recent.spreadText, "90 / 365 days to 2020-12-31 (past ends the day before)")
    }

    func testMistakesNameTheLineAndWhatToWrite() {
        func error(_ decl: String) -> String { Fixture.errorText { _ = try Fixture.load(method + decl) } }
        XCTAssertEqual(error("uncertainty { windows = { recnt = { 90, 365 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.recnt names no fact\n  hint: facts with a window: dead, past, recent")
        XCTAssertEqual(error("uncertainty { windows = { open = { 90, 365 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.open: fact open has no end date (to = …), and the alternative lengths end where its window ends\n  hint: give open a window such as from = as_of - 364, to = as_of")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 90, 365 }, past = { 100, 200 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.past: its window ends the day before that of recent starts, so it follows recent's alternatives and cannot have its own\n  hint: leave windows.past out, or windows.recent")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 90, 2000 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.recent: 2000 days to 2020-12-31 start on 2015-07-12, when the window of past (which ends the day before) starts on 2016-08-01: past would count nothing\n  hint: use lengths of at most 1613 days")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 90 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.recent = { 90, 180, 365 } expected (at least two lengths in days to draw from)")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 90, 90.5 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.recent item 2 must be a whole number of days from 1 to 100000 (got 90.5)")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 90, 0 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.recent item 2 must be a whole number of days from 1 to 100000 (got 0)")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 90, 90 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows.recent gives 90 days twice")
        XCTAssertEqual(error("uncertainty { windows = {} }"),
                       "Scripts/test.lua:10: uncertainty: windows is empty: name a fact and its lengths, e.g. windows = { events_recent = { 90, 180, 365 } }")
        XCTAssertEqual(error("uncertainty { windows = 90 }"),
                       "Scripts/test.lua:10: uncertainty: windows = { events_recent = { 90, 180, 365 } } expected (lengths in days to draw from, by fact name)")
        XCTAssertEqual(error("uncertainty { windows = { recent = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, dead = { 1, 2, 3, 4, 5, 6, 7, 8 } } }"),
                       "Scripts/test.lua:10: uncertainty: windows give 72 combinations of windows, and each is ranked once before the runs: at most 64\n  hint: vary fewer facts' windows, or give each fewer lengths")
    }
}
