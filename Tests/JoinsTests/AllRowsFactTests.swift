import XCTest
import Domain
import TestSupport
@testable import Joins

/// Counts, sums and per-10k facts over every row of a point layer (`FactEngine+AllRows.swift`,
/// rows grouped by unit, units on every core) against a plain pass over the file: each point's
/// owner found unit by unit in id order, values added in file order, rows sorted by an explicit key.
final class AllRowsFactTests: XCTestCase {
    /// Units of a random tiling with populations unknown, zero and of many sizes.
    func units() throws -> UnitSet {
        let t = try RandomTiling.make(columns: 7, rows: 6, seed: 17)
        let population: [Double?] = t.ids.indices.map { k in k % 5 == 0 ? nil : k % 5 == 1 ? 0 : Double(k * 37 % 900 + 100) }
        return try UnitSet(ids: t.ids, names: t.names, parents: t.parents, polygons: t.polygons, population: population)
    }

    /// Points over and around the tiling, their values fractions, huge numbers and signed zeros
    /// (sums whose bits depend on the order of addition); `blank` rows have an empty value.
    func layer(count: Int, blank: Set<Int> = []) -> Layer {
        var rng = SplitMix64(seed: 29)
        let values: [Double] = [0.1, 0.2, 0.3, 1e16, 1, -0.0, 0, 2.5, 7, 1e-3]
        let features = (0 ..< count).map { k in
            let c = Coordinate(-0.5 + rng.unit() * 8, -0.5 + rng.unit() * 7)
            let v: Value = blank.contains(k) ? .null : .number(values[Int(rng.next() % UInt64(values.count))] * Double(1 + k % 3))
            return Feature(location: SourceLocation(file: "p.csv", line: k + 2), shape: .point(c), values: [v])
        }
        return Layer(path: "p.csv", fields: [FieldSchema(name: "v", type: .real)], features: features)
    }

    struct Expected { var values: [Double?]; var listed: [[FactRows.Row]]; var total: [Int]; var rest: [Double] }

    /// Each point's owner found unit by unit (`PolygonSetIndex.owner(of:)`), not through the grid.
    func owners(_ units: UnitSet, _ layer: Layer) -> [Int?] {
        let index = PolygonSetIndex(units: units)
        return layer.features.map { f in
            guard case .point(let c)? = f.shape else { return nil }
            return index.owner(of: c)
        }
    }

    /// The plain pass: one row at a time in file order.
    func expected(_ units: UnitSet, _ layer: Layer, owners: [Int?], _ aggregate: FactSpec.Aggregate, bound: Int) -> Expected {
        let n = units.count
        var totals = [Double](repeating: 0, count: n), rows = [[FactRows.Row]](repeating: [], count: n)
        for (r, f) in layer.features.enumerated() {
            guard let u = owners[r] else { continue }
            var v = 1.0
            if case .sum = aggregate {
                guard case .number(let d) = f.values[0] else { continue }
                v = d
            }
            totals[u] += v
            var contribution = v
            if case .per10k = aggregate { contribution = units.population[u].map { $0 > 0 ? v / $0 * 10_000 : .nan } ?? .nan }
            rows[u].append(FactRows.Row(feature: r, value: contribution))
        }
        var values: [Double?] = totals
        if case .per10k = aggregate {
            values = (0 ..< n).map { u in units.population[u].flatMap { $0 > 0 ? totals[u] / $0 * 10_000 : nil } }
        }
        var listed: [[FactRows.Row]] = [], rest: [Double] = []
        for u in 0 ..< n {
            let sorted = rows[u].sorted { a, b in
                if a.value.isNaN != b.value.isNaN { return !a.value.isNaN }
                if !a.value.isNaN && a.value != b.value { return a.value > b.value }
                return a.feature < b.feature
            }
            var s = 0.0
            for row in sorted.dropFirst(bound) where !row.value.isNaN { s += row.value }
            listed.append(Array(sorted.prefix(bound))); rest.append(s)
        }
        return Expected(values: values, listed: listed, total: rows.map(\.count), rest: rest)
    }

    func check(_ got: FactResult, _ want: Expected, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(got.values.map { $0?.bitPattern }, want.values.map { $0?.bitPattern }, what, file: file, line: line)
        let rows = try XCTUnwrap(got.rows, file: file, line: line)
        XCTAssertEqual(rows.total, want.total, what, file: file, line: line)
        XCTAssertEqual(rows.listed.map { $0.map(\.feature) }, want.listed.map { $0.map(\.feature) }, what, file: file, line: line)
        XCTAssertEqual(rows.listed.map { $0.map(\.value.bitPattern) }, want.listed.map { $0.map(\.value.bitPattern) }, what, file: file, line: line)
        XCTAssertEqual(rows.restSum.map(\.bitPattern), want.rest.map(\.bitPattern), what, file: file, line: line)
    }

    func testCountSumAndPer10kEqualAPlainPassBitForBit() throws {
        let units = try units()
        // Enough points for the grouping to be cut in ranges sorted at once.
        let layer = layer(count: 250_000)
        let owners = owners(units, layer)
        for bound in [0, 3, 50] {
            let e = try FactEngine(units: units, layers: [BoundLayer(name: "p", layer: layer, roles: LayerRoles())])
            e.rowBound = bound
            let specs = [FactSpec(name: "n", layer: "p", aggregate: .count),
                         FactSpec(name: "s", layer: "p", aggregate: .sum(field: "v")),
                         FactSpec(name: "k", layer: "p", aggregate: .per10k)]
            for (spec, result) in zip(specs, e.evaluate(all: specs)) {
                try check(try result.get(), expected(units, layer, owners: owners, spec.aggregate, bound: bound), "\(spec.name), bound \(bound)")
            }
        }
    }

    /// A sum with empty values takes the general path, which reports them: the same sums of the others.
    func testASumWithEmptyValuesIsThePartialSumAndReported() throws {
        let units = try units()
        let layer = layer(count: 20_000, blank: [5, 700, 19_999])
        let e = try FactEngine(units: units, layers: [BoundLayer(name: "p", layer: layer, roles: LayerRoles())])
        e.rowBound = 10
        let r = try e.evaluate(FactSpec(name: "s", layer: "p", aggregate: .sum(field: "v")))
        try check(r, expected(units, layer, owners: owners(units, layer), .sum(field: "v"), bound: 10), "sum with blanks")
        XCTAssertEqual(r.diagnostics.filter { $0.code == .nullValue }.count, 3)
    }
}
