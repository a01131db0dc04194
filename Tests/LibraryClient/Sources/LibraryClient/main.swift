import Foundation
import TargetingKit

// Usage: LibraryClient REPOSITORY PRIORITY_LIST_CSV
//
// 1. Ranks the bundled sample through TargetingKit and checks the first 20 units (rank, id,
//    score to the last digit) against the priority_list.csv that `targeting rank` wrote.
// 2. Ranks a project built in memory with rules given as a string, and checks the result
//    against values worked out by hand.
// 3. Inspects the sample's units file (counts as GDAL reads them) and times the default rules.
// Exits 1 with what differs, 0 when everything agrees.

var failures: [String] = []
@MainActor func expect(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { failures.append(what()) } }

/// `body` must throw a TargetingError whose message (as users read it) is exactly `message`.
@MainActor func expectError<T>(_ body: @autoclosure () throws -> T, _ message: String) {
    do { _ = try body(); failures.append("no error; expected: \(message)") } catch let e as TargetingError {
        expect(e.description == message, "error \(e.description); expected: \(message)")
    } catch { failures.append("\(error); expected: \(message)") }
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: LibraryClient REPOSITORY PRIORITY_LIST_CSV\n".utf8))
    exit(64)
}
let repository = arguments[1], cliList = arguments[2]

do {
    // 1. The sample, as `targeting rank` ranks it.
    let project = try TargetingProject(manifest: repository + "/Shapefiles/kasai/targeting.toml")
    let run = try project.rank(try RulesScript(path: repository + "/Scripts/criteria.lua"))
    let lines = try String(contentsOfFile: cliList, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let header = lines[0].map(String.init)
    let rankColumn = header.firstIndex(of: "rank")!, idColumn = header.firstIndex(of: "unit_id")!, scoreColumn = header.firstIndex(of: "score")!
    let top = run.priorityList.prefix(20)
    expect(top.count == 20, "the library ranked \(top.count) units, not at least 20")
    for (row, unit) in zip(lines.dropFirst(), top) {
        let cli = "\(row[rankColumn]) \(row[idColumn]) \(row[scoreColumn])"
        let library = "\(unit.rank!) \(unit.id) \(unit.score.map { "\($0)" } ?? "")"
        expect(cli == library, "rank \(unit.rank!): the command line has \(cli), the library \(library)")
    }
    expect(run.health.breaches.isEmpty, "the sample crosses a [quality] limit: \(run.health.breaches.map(\.summary))")
    expect(run.fact("idps")?[top.first!.id] != nil, "fact idps has no value for the first unit")
    print("sample: the first \(top.count) of \(run.priorityList.count) ranked units agree with \(cliList)")

    // 2. Three 1°×1° squares side by side (A, B, C) and conflict events: 3 in A, 1 in B, none in C.
    func square(_ x: Double) -> [Polygon] {
        [Polygon(exterior: [Coordinate(x, 0), Coordinate(x + 1, 0), Coordinate(x + 1, 1), Coordinate(x, 1), Coordinate(x, 0)])]
    }
    let units = try UnitSet(ids: [UnitID("A"), UnitID("B"), UnitID("C")], names: ["A", "B", "C"], parents: [nil, nil, nil],
                            polygons: [square(0), square(1), square(2)], population: [1000, 1000, 1000])
    let events = [0.2, 0.5, 0.8, 1.5].enumerated().map { i, x in
        Feature(location: SourceLocation(file: "events", line: i + 1), shape: .point(Coordinate(x, 0.5)), values: [])
    }
    let conflict = BoundLayer(name: "conflict", layer: Layer(path: "events", fields: [], features: events), roles: LayerRoles())
    let small = try TargetingProject(units: units, layers: [conflict], asOf: ISODate(iso: "2024-06-30"))
    let rules = RulesScript(source: """
        facts { events = count { layer = "conflict" } }
        criterion "conflict" { indicator "events" { } }
        score { "conflict" }
        """, name: "inline.lua")
    let ranked = try small.rank(rules)
    // Events 3, 1, 0 scaled min–max to 0–10: 10, 10/3, 0; one criterion, so the score is that.
    let got = ranked.priorityList.map { ($0.id.rawValue, $0.rank!, $0.score!) }
    let want = [("A", 1, 10.0), ("B", 2, 10.0 / 3), ("C", 3, 0.0)]
    expect(got.count == 3 && zip(got, want).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && abs($0.2 - $1.2) < 1e-12 },
           "in-memory project: ranked \(got), expected \(want)")
    expect(ranked.fact("events") == [UnitID("A"): 3, UnitID("B"): 1, UnitID("C"): 0], "in-memory project: events \(String(describing: ranked.fact("events")))")
    // What a project built in memory cannot do is said, with what to do instead.
    let table = BoundLayer(name: "dtm", layer: Layer(path: "dtm", fields: [], features: []),
                           roles: LayerRoles(placement: .byKey(TableKeyFields(codeField: "pcode", nameField: nil, parentField: nil))))
    expectError(try TargetingProject(units: units, layers: [table]),
                "layer 'dtm': a project built in memory takes point layers placed by location only"
                + "\n  hint: declare tables joined by key and zone layers in a manifest, and open it with TargetingProject(manifest:)")
    expectError(try TargetingProject(units: units, layers: [conflict]).rank(rules),
                "(in memory): no as_of date: the project does not set one and none was given\n  hint: pass asOf: to rank(_:asOf:)")
    print("in-memory project: " + got.map { "\($0.0) rank \($0.1) score \($0.2)" }.joined(separator: ", "))

    // 3. What `targeting inspect` and `targeting bench --rules` report, as values. The sample's
    //    units file, read by GDAL (pyogrio.read_info): 922 polygons, 13 fields, the first ADM0_FR.
    let inspected = FileInspection.reports(path: repository + "/Shapefiles/kasai/groupements.shp")
    expect(inspected.count == 1 && inspected[0].error == nil, "inspect groupements.shp: \(inspected.map { $0.error ?? "one report" })")
    if let r = inspected.first {
        expect(r.records == 922 && r.shapeType?.description == "Polygon" && r.fields.count == 13 && r.fields.first?.name == "ADM0_FR",
               "inspect groupements.shp: \(r.records) records of \(r.shapeType?.description ?? "?"), \(r.fields.count) fields; GDAL reads 922 Polygon, 13 fields")
    }
    let missing = FileInspection.reports(path: repository + "/no-such-file.shp")
    expect(missing.first?.error != nil, "inspect of a missing file gave no error")
    // The default rules on 40 synthetic units: Scripts/METHOD.md's 11 indicators, every unit ranked.
    let bench = try RulesBenchmark.run(script: repository + "/Scripts/criteria.lua", unitCount: 40)
    expect(bench.indicators == 11 && bench.ranked == 40, "bench: \(bench.indicators) indicators, \(bench.ranked) of 40 units ranked")
    print("inspect: groupements.shp \(inspected.first?.records ?? 0) records; bench: \(bench.indicators) indicators, \(bench.ranked) units ranked")

    // 4. The README's example ("From Swift: the TargetingKit library"), as written but for the
    //    output folder, run from the repository.
    _ = FileManager.default.changeCurrentDirectoryPath(repository)
    let out = NSTemporaryDirectory() + "library-client-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: out) }
    try readmeExample(out: out)
    expect(FileManager.default.fileExists(atPath: out + "/priority_list.csv"), "the README example wrote no priority_list.csv")
} catch let e as TargetingError {
    failures.append("error: \(e.description)")
}

func readmeExample(out: String) throws {
    let project = try TargetingProject(manifest: "Shapefiles/kasai/targeting.toml")
    let run = try project.rank(try RulesScript(path: "Scripts/criteria.lua"),
                               selection: SelectionSettings(top: 30, perParentMax: 3))
    for unit in run.selected {                      // typed outcomes, first priority first
        print(unit.rank!, unit.id, unit.name, unit.score!, unit.drivers, unit.selectionReason)
    }
    if let idps = run.fact("idps")?[UnitID("CD9106027")] {  // a fact for one unit
        print("IDPs:", idps.map { "\($0)" } ?? "no value")
    }
    if !run.health.breaches.isEmpty { print(run.health.summary) }  // [quality] limits crossed
    try run.write(to: out, maps: false)             // every output of `rank`, all or nothing
}

for f in failures { FileHandle.standardError.write(Data("LibraryClient: \(f)\n".utf8)) }
exit(failures.isEmpty ? 0 : 1)
