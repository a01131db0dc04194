import XCTest
import Foundation

/// The default ranking of the bundled sample, recomputed here from `facts.csv` with the default
/// method of Scripts/METHOD.md written out directly (no code of the Ranking module), must equal
/// `priority_list.csv`; and two runs must give byte-identical outputs.
final class DefaultMethodTests: XCTestCase {
    static let root = TargetingBinary.packageRoot

    func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try TargetingBinary.path())
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A minimal CSV reader for our own outputs (quoted fields without line breaks).
    func readCSV(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        func fields(_ line: String) -> [String] {
            var out: [String] = [], cur = "", quoted = false, chars = Array(line), i = 0
            while i < chars.count {
                let c = chars[i]
                if quoted {
                    if c == "\"" { if i + 1 < chars.count && chars[i + 1] == "\"" { cur.append("\""); i += 1 } else { quoted = false } } else { cur.append(c) }
                } else if c == "\"" { quoted = true } else if c == "," { out.append(cur); cur = "" } else { cur.append(c) }
                i += 1
            }
            out.append(cur)
            return out
        }
        let header = fields(lines[0])
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, fields($0))) }
    }

    func testSampleRankingEqualsTheDocumentedMethodComputedIndependently() throws {
        let manifest = Self.root.appendingPathComponent("Shapefiles/kasai/targeting.toml")
        guard FileManager.default.fileExists(atPath: manifest.path) else { return XCTFail("the bundled sample is missing") }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rank-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["rank", "--out", out.path, "--no-maps", "--quiet"])
        XCTAssertEqual(r.status, 0, r.output)

        let facts = try readCSV(out.appendingPathComponent("facts.csv"))
        let list = try readCSV(out.appendingPathComponent("priority_list.csv"))
        XCTAssertGreaterThan(facts.count, 800, "every groupement and commune of the sample is ranked")
        func num(_ row: [String: String], _ key: String) -> Double? { row[key].flatMap { $0.isEmpty ? nil : Double($0) } }

        // The default method (Scripts/METHOD.md), column by column. Counts, fatalities and km: log(1+x); share capped at 1;
        // min–max to 0–10 over the units (all equal: 0); inverted = 10 − scaled; criterion = mean of
        // its indicators present; score = mean of the three criteria.
        typealias Column = [Double?]
        func minMax(_ c: Column, invert: Bool = false) -> Column {
            let v = c.compactMap { $0 }
            guard let lo = v.min(), let hi = v.max() else { return c }
            return c.map { x in x.map { hi > lo ? ($0 - lo) / (hi - lo) * 10 : 0 }.map { invert ? 10 - $0 : $0 } }
        }
        func col(_ f: ([String: String]) -> Double?) -> Column { facts.map(f) }
        func log1p(_ key: String) -> Column { col { num($0, key).map { Foundation.log1p($0) } } }
        let displaced = col { r in num(r, "idps").flatMap { a in num(r, "returnees").map { a + $0 } } }
        let share = facts.indices.map { i -> Double? in
            guard let d = displaced[i], let p = num(facts[i], "population"), p > 0 else { return nil }
            return min(1, d / p)
        }
        let c1 = [minMax(log1p("events_past")), minMax(log1p("events_recent")), minMax(log1p("fatalities"))]
        let c2 = [minMax(displaced.map { $0.map { Foundation.log1p($0) } }), minMax(share)]
        let c3 = [minMax(log1p("km_health")), minMax(log1p("km_police")), minMax(log1p("km_court")), minMax(log1p("km_state")),
                  minMax(col { num($0, "health_per_10k") }, invert: true), minMax(col { num($0, "schools_per_10k") }, invert: true)]
        func mean(_ cols: [Column], _ i: Int) -> Double? {
            let v = cols.compactMap { $0[i] }
            return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
        }
        var expected: [(id: String, score: Double)] = []
        // A unit lacking a whole criterion is not ranked (the default missing-data policy); its
        // indicators still count in the min–max above, so the other units' scores do not move.
        var lacking: [String] = []
        for i in facts.indices {
            let parts = [mean(c1, i), mean(c2, i), mean(c3, i)].compactMap { $0 }
            guard parts.count == 3 else { lacking.append(facts[i]["unit_id"]!); continue }
            expected.append((facts[i]["unit_id"]!, parts.reduce(0, +) / Double(parts.count)))
        }
        let listedLacking = list.filter { ($0["exclusions"] ?? "").hasPrefix("missing criterion") }.map { $0["unit_id"]! }
        XCTAssertEqual(listedLacking.sorted(), lacking.sorted())
        expected.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }

        let ranked = list.filter { !($0["rank"] ?? "").isEmpty }
        XCTAssertEqual(ranked.count, expected.count)
        for (k, e) in expected.enumerated() where k < ranked.count {
            XCTAssertEqual(ranked[k]["unit_id"], e.id, "rank \(k + 1)")
            XCTAssertEqual(Double(ranked[k]["score"] ?? "") ?? .nan, e.score, accuracy: 1e-9, "score of \(e.id)")
            XCTAssertEqual(ranked[k]["rank"], String(k + 1))
        }
    }

    func testParentRollUpMatchesTheUnitsAndTheStrategyPopulations() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("parents-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["rank", "--out", out.path, "--no-maps", "--quiet"])
        XCTAssertEqual(r.status, 0, r.output)
        let parents = try readCSV(out.appendingPathComponent("parents.csv"))
        let provinces = Dictionary(uniqueKeysWithValues: parents.filter { $0["level"] == "province" }.map { ($0["parent_id"]!, $0) })
        // Strategy section I.a: 2017 populations of Kasaï, Kasaï-Central and Kasaï-Oriental.
        XCTAssertEqual(Double(provinces["CD92"]?["population"] ?? ""), 2_978_000)
        XCTAssertEqual(Double(provinces["CD91"]?["population"] ?? ""), 3_524_000)
        XCTAssertEqual(Double(provinces["CD82"]?["population"] ?? ""), 5_475_398)
        XCTAssertEqual(provinces.values.compactMap { Int($0["units"] ?? "") }.reduce(0, +), 922)
        XCTAssertEqual(provinces.values.compactMap { Int($0["units_in_top_50"] ?? "") }.reduce(0, +), 50)
        // One territoire's population-weighted score, recomputed from the unit lists.
        let facts = try readCSV(out.appendingPathComponent("facts.csv"))
        let list = try readCSV(out.appendingPathComponent("priority_list.csv"))
        let population = Dictionary(uniqueKeysWithValues: facts.map { ($0["unit_id"]!, Double($0["population"] ?? "") ?? 0) })
        let dibaya = list.filter { $0["parent_id"] == "CD9102" }
        let expected = dibaya.reduce(0.0) { $0 + Double($1["score"]!)! * population[$1["unit_id"]!]! }
            / dibaya.reduce(0.0) { $0 + population[$1["unit_id"]!]! }
        let row = try XCTUnwrap(parents.first { $0["level"] == "territoire" && $0["parent_id"] == "CD9102" })
        XCTAssertEqual(Double(row["score_pop_weighted"] ?? "") ?? .nan, expected, accuracy: 1e-9)
        XCTAssertEqual(Int(row["units"] ?? ""), dibaya.count)
    }

    func testTwoRunsGiveByteIdenticalOutputs() throws {
        let manifest = Self.root.appendingPathComponent("Shapefiles/kasai/targeting.toml")
        guard FileManager.default.fileExists(atPath: manifest.path) else { return XCTFail("the bundled sample is missing") }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("repeat-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        var listings: [[String: Data]] = []
        // The same command twice, so into the same folder: the run manifest records --out.
        for _ in 0..<2 {
            let out = base.appendingPathComponent("run")
            let r = try run(["rank", "--out", out.path, "--quiet"])
            XCTAssertEqual(r.status, 0, r.output)
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            listings.append(Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: out.appendingPathComponent($0))) }))
        }
        XCTAssertEqual(listings[0].keys.sorted(), listings[1].keys.sorted())
        XCTAssertGreaterThanOrEqual(listings[0].count, 15)
        for name in listings[0].keys.sorted() {
            XCTAssertEqual(listings[0][name], listings[1][name], "\(name) differs between two runs of the same inputs")
        }
    }
}
