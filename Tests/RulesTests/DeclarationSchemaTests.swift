import XCTest
import Domain
@testable import Rules

/// Every unknown or out-of-range value in a declaration is an error at the script's file:line,
/// never an internal error while the host reads it back and never a silent default.
final class DeclarationSchemaTests: XCTestCase {
    let method = "facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"x\" { } }\n"

    func loadError(_ body: String) -> String {
        Fixture.errorText { _ = try Fixture.load(method + body) }
    }

    func testWholeNumbersBeyondExactRangeAreRefused() {
        XCTAssertEqual(loadError("selection { top = 2^63 }"),
                       "Scripts/test.lua:3: selection: top must be at most 9007199254740992 (got 9.2233720368548e+18)")
        XCTAssertEqual(loadError("selection { per_parent = 1e300 }"),
                       "Scripts/test.lua:3: selection: per_parent must be at most 9007199254740992 (got 1e+300)")
    }

    func testDatesStayInTheCalendar() {
        XCTAssertEqual(loadError("facts { e = count { layer = \"conflict\", from = project.as_of - 1e300 } }"),
                       "Scripts/test.lua:3: dates move by at most 3652425 days (10,000 years) at a time (got 1e+300)")
        XCTAssertEqual(loadError("local d = project.as_of\nfor i = 1, 3 do d = d + 3000000 end"),
                       "Scripts/test.lua:4: this date falls outside 0001-01-01 to 9999-12-31")
    }

    func testTransformsAndScalesNeedTheirValues() {
        XCTAssertEqual(loadError("criterion \"d\" { indicator \"y\" { value = \"x\", transform = cap() } }"),
                       "Scripts/test.lua:3: cap(x) needs a number")
        XCTAssertEqual(loadError("criterion \"d\" { indicator \"y\" { value = \"x\", transform = winsorise(0.9, 0.1) } }"),
                       "Scripts/test.lua:3: winsorise(lower, upper): percentiles with 0 ≤ lower ≤ upper ≤ 1")
        XCTAssertEqual(loadError("criterion \"d\" { indicator \"y\" { value = \"x\", scale = goalposts(nil, 5) } }"),
                       "Scripts/test.lua:3: goalposts(min, max) needs a number")
    }

    func testUnknownTransformsAndScalesAreErrors() {
        XCTAssertEqual(loadError("criterion \"d\" { indicator \"y\" { value = \"x\", transform = \"cube\" } }"),
                       "Scripts/test.lua:3: transform must be log1p, sqrt, cap(x), floor_at(x), winsorise(lo, hi) or a list of them")
        XCTAssertEqual(loadError("criterion \"d\" { indicator \"y\" { value = \"x\", scale = \"log\" } }"),
                       "Scripts/test.lua:3: scale must be \"minmax\", \"zscore\", \"percentile\", \"none\", minmax(lo, hi), goalposts(min, max), percentile_to(top) or thresholds(breaks, scores)")
    }

    func testAFilterNumberMustBeFinite() {
        XCTAssertEqual(loadError("facts { e = count { layer = \"conflict\", where = { n = 1/0 } } }"),
                       "Scripts/test.lua:3: a filter value must be a finite number (got inf)")
    }

    /// Every fact keeps the line that declared it, inside an indicator too; a comment naming it
    /// earlier does not matter.
    func testFactsKeepTheirLines() throws {
        let p = try Fixture.load("""
        -- y = count { layer = "conflict" }
        facts {
          x = attribute "x",
        }
        criterion "c" { indicator "x" { },
          indicator "y" { value = count { layer = "conflict" } } }
        """)
        XCTAssertEqual(p.facts.map { "\($0.name) \($0.location.map(\.description) ?? "none")" },
                       ["x Scripts/test.lua:3", "y Scripts/test.lua:6"])
    }
}
