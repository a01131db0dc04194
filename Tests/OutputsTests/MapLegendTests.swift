import XCTest
import Domain
@testable import Outputs

/// The map legend's class labels when many units share one value (no conflict at all in most
/// groupements): the sample's conflict map read "0.00 – 0.00" and then "0.00 – 2.15", two
/// classes seemingly starting at the same value.
final class MapLegendTests: XCTestCase {
    func square(_ i: Int) -> Polygon {
        let x = 20.0 + Double(i) * 0.1
        return Polygon(exterior: [Coordinate(x, -5), Coordinate(x + 0.1, -5), Coordinate(x + 0.1, -4.9), Coordinate(x, -4.9), Coordinate(x, -5)])
    }

    func legendLabels(_ values: [Double]) -> [String] {
        let areas = values.enumerated().map { ChoroplethMap.Area(id: "U\($0.offset)", label: "U\($0.offset)", polygons: [square($0.offset)], value: $0.element) }
        let breaks = ChoroplethMap.quantileBreaks(values, classes: 5)
        let svg = ChoroplethMap(title: "t", subtitle: "s", sources: "x", synthetic: false, areas: areas,
                                outlines: [], labelled: [], breaks: breaks).svg()
        // The legend's texts follow its title, one per class, highest first.
        let legend = svg.components(separatedBy: ">Legend</text>")[1]
        return legend.components(separatedBy: "font-size=\"12\">").dropFirst().map { $0.components(separatedBy: "<")[0] }
    }

    func testAClassOfOneValueReadsAsThatValueAndTheNextStartsAboveIt() {
        // 6 of 10 at 0: quantile breaks at positions 2, 4, 6, 8 of the sorted values are 0, 0, 1, 3,
        // so the classes are [0, 0], (0, 1], (1, 3], (3, 9].
        let labels = legendLabels([0, 0, 0, 0, 0, 0, 1, 2, 3, 9])
        XCTAssertEqual(labels, ["3.00 – 9.00", "1.00 – 3.00", "&gt; 0.00 – 1.00", "0.00"])
    }

    func testDistinctValuesKeepPlainRanges() {
        XCTAssertEqual(legendLabels([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), ["9.00 – 10.00", "7.00 – 9.00", "5.00 – 7.00", "3.00 – 5.00", "1.00 – 3.00"])
    }
}
