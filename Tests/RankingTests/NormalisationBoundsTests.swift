import XCTest
import Domain
@testable import Ranking

/// The bounds each indicator's normalisation used, as the ranking result reports them.
final class NormalisationBoundsTests: XCTestCase {
    func input(_ method: Normalisation, transforms: [IndicatorTransform] = []) -> RankingInput {
        let ind = IndicatorMethod(name: "x", source: "fact x", fact: "x", transforms: transforms, normalisation: method)
        let m = MethodDescription(script: "t.lua", asOf: nil, facts: [],
                                  score: CriterionMethod(name: "score", children: [.indicator(ind)]))
        // A has 3, B 0, C 9, D missing, E 4 but excluded (its value must not move the bounds).
        let units = [("A", 3.0), ("B", 0), ("C", 9), ("E", 4)].map {
            RankingUnitInput(id: UnitID($0.0), name: $0.0, parent: nil, raw: ["x": $0.1],
                             overrideAction: $0.0 == "E" ? .exclude : nil, overrideReason: $0.0 == "E" ? "test" : nil)
        } + [RankingUnitInput(id: UnitID("D"), name: "D", parent: nil, missing: ["x": "missing x"])]
        return RankingInput(method: m, units: units)
    }

    func testMinMaxBoundsAreTheTransformedExtremesOfTheRankedUnits() throws {
        let r = try Ranker.rank(input(.minMax(lower: 0, upper: 10), transforms: [.log1p]))
        XCTAssertEqual(r.normalisationBounds, [NormalisationBounds(indicator: "x", count: 3, min: 0, max: log1p(9))])
        // The bounds recompute every scaled value: A = log1p(3) / log1p(9) × 10.
        let a = try XCTUnwrap(r.units.first { $0.id == UnitID("A") }?.indicators.first?.normalised)
        XCTAssertEqual(a, log1p(3) / log1p(9) * 10, accuracy: 1e-12)
    }

    func testZScoreBoundsAreTheMeanAndPopulationSD() throws {
        let r = try Ranker.rank(input(.zScore))
        // 3, 0, 9: mean 4, variance (1 + 16 + 25) / 3 = 14.
        XCTAssertEqual(r.normalisationBounds.first?.mean, 4)
        XCTAssertEqual(try XCTUnwrap(r.normalisationBounds.first?.sd), 14.0.squareRoot(), accuracy: 1e-12)
        XCTAssertNil(r.normalisationBounds.first?.min)
    }

    func testGoalpostsAreReportedAsGivenAndPercentilesHaveNoBounds() throws {
        let g = try Ranker.rank(input(.goalposts(min: 1, max: 5, scale: 10)))
        XCTAssertEqual(g.normalisationBounds, [NormalisationBounds(indicator: "x", count: 3, min: 1, max: 5)])
        let p = try Ranker.rank(input(.percentile(scale: 10)))
        XCTAssertEqual(p.normalisationBounds, [NormalisationBounds(indicator: "x", count: 3)])
    }
}
