import XCTest
@testable import Domain

/// `Features` reads the same features whether they are kept as an array or as a table's columns
/// (`TableRows`), and a draft's rows end where its moves put them, with their own values.
final class FeaturesTests: XCTestCase {
    /// Five rows made in a scattered order (as blocks of rows on several cores make them): row 1
    /// taken out as a rejected feature, row 3 dropped (a repeated row), rows 0, 2 and 4 kept.
    private func draftedTable() -> (table: TableRows, rejected: Feature) {
        let draft = TableRowsDraft(rows: 5, numeric: [false, true, true, true])
        let rows: [[Value]] = [
            [.text("Kananga"), .number(22.4), .number(-5.9), .number(3)],
            [.text("bad"), .number(21), .null, .number(1)],
            [.text("Tshikapa"), .number(20.8), .number(-6.4), .null],
            [.text("Kananga"), .number(22.4), .number(-5.9), .number(3)],
            [.null, .null, .number(-4), .number(-0.0)],
        ]
        for r in [4, 2, 0, 3, 1] {
            draft.make(r, line: 10 + r)
            for (c, v) in rows[r].enumerated() where v != .null { draft.set(v, row: r, column: c) }
        }
        draft.move(0, to: 0)
        let rejected = draft.take(1, file: "t.csv")
        draft.move(2, to: 1)
        draft.drop(3)
        draft.move(4, to: 2)
        return (draft.finish(kept: 3, file: "t.csv", point: (longitude: 1, latitude: 2)), rejected)
    }

    func testATableReadsItsKeptRowsAsFeatures() {
        let (table, rejected) = draftedTable()
        let features = Features(table: table)
        XCTAssertEqual(features.count, 3)
        XCTAssertEqual(features.map { $0.location.description }, ["t.csv:10", "t.csv:12", "t.csv:14"])
        XCTAssertEqual(features.map(\.values), [[.text("Kananga"), .number(22.4), .number(-5.9), .number(3)],
                                               [.text("Tshikapa"), .number(20.8), .number(-6.4), .null],
                                               [.null, .null, .number(-4), .number(-0.0)]])
        // A row with a null coordinate has no point.
        XCTAssertEqual(features.map(\.shape), [.point(Coordinate(22.4, -5.9)), .point(Coordinate(20.8, -6.4)), nil])
        XCTAssertEqual(features.value(2, 3).number?.sign, .minus)
        XCTAssertEqual(features.cell(1, 3), .null)
        XCTAssertNil(features.cell(1, 4))
        XCTAssertEqual(features.location(2), SourceLocation(file: "t.csv", line: 14))
        XCTAssertEqual(table.line(1), 12)
        XCTAssertEqual(rejected.location, SourceLocation(file: "t.csv", line: 11))
        XCTAssertEqual(rejected.values, [.text("bad"), .number(21), .null, .number(1)])
        XCTAssertNil(rejected.shape)
    }

    func testChangingAFeatureOfATableKeepsEveryOther() {
        var features = Features(table: draftedTable().table)
        let before = features.array
        features[0].values[0] = .text("Kananga-Ville")
        features[2].shape = .point(Coordinate(1, 2))
        XCTAssertNil(features.table)
        XCTAssertEqual(features.map(\.values), [[.text("Kananga-Ville"), .number(22.4), .number(-5.9), .number(3)], before[1].values, before[2].values])
        XCTAssertEqual(features.map(\.shape), [before[0].shape, before[1].shape, .point(Coordinate(1, 2))])
        XCTAssertEqual(features.map(\.location), before.map(\.location))
        features.append(Feature(location: SourceLocation(file: "u.csv", line: 2), shape: nil, values: [.number(1)]))
        features.removeFirst()
        XCTAssertEqual(features.map { $0.location.description }, ["t.csv:12", "t.csv:14", "u.csv:2"])
    }

    func testAnArrayOfFeaturesReadsInPlaceAsItHolds() {
        let features: Features = [
            Feature(location: SourceLocation(file: "a.shp", record: 1), shape: .point(Coordinate(1, 2)), values: [.number(5)]),
            Feature(location: SourceLocation(file: "a.shp", record: 2), shape: nil, values: [.text("x"), .null]),
        ]
        XCTAssertNil(features.table)
        XCTAssertEqual(features.value(0, 0), .number(5))
        XCTAssertEqual(features.value(0, 1), .null)
        XCTAssertNil(features.cell(0, 1))
        XCTAssertEqual(features.cell(1, 1), .null)
        XCTAssertEqual(features.shape(0), .point(Coordinate(1, 2)))
        XCTAssertEqual(features.location(1).record, 2)
        XCTAssertEqual(features.withList { $0.count }, 2)
        XCTAssertNil(Features(table: draftedTable().table).withList { $0.count })
    }
}
