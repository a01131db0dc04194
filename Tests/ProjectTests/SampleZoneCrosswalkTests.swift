import XCTest
import Foundation
import Domain
import Joins
@testable import Project

/// The bundled sample's DTM by health zone, apportioned to the groupements: the health zones tile
/// the region, so the latest round's IDPs summed over all groupements must equal the zone table's
/// own latest-round total (read here straight from the CSV, without the project code).
final class SampleZoneCrosswalkTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let asOf = DateWindow(from: nil, to: ISODate(year: 2020, month: 12, day: 31))

    /// Per zone, the rows of its latest date up to as_of, summed: the total the crosswalk must keep.
    func latestRoundTotalFromTheCSV() throws -> Double {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Shapefiles/kasai/dtm_zones_sante.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let code = try XCTUnwrap(header.firstIndex(of: "ZS_PCODE"))
        let idps = try XCTUnwrap(header.firstIndex(of: "Déplacés (individus)"))
        let date = try XCTUnwrap(header.firstIndex(of: "Date"))
        var latest: [String: (date: String, sum: Double)] = [:]
        for line in lines.dropFirst(2) {   // header and HXL row
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, header.count, "a plain CSV without quoted commas: \(line)")
            guard f[date] <= "2020-12-31", let v = Double(f[idps]) else { continue }
            let cur = latest[f[code]]
            if cur == nil || cur!.date < f[date] { latest[f[code]] = (f[date], v) }
            else if cur!.date == f[date] { latest[f[code]]!.sum += v }
        }
        XCTAssertGreaterThan(latest.count, 30, "the sample has tens of zones")
        return latest.values.reduce(0) { $0 + $1.sum }
    }

    func testLatestRoundIDPsAreKeptWhenApportionedToGroupements() throws {
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(Self.root.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let project = try ProjectLoader.load(manifestPath: "Shapefiles/kasai/targeting.toml")
        let spec = FactSpec(name: "idps_zs", layer: "dtm_zones", aggregate: .latestSum(field: "#affected+idps+ind"), window: asOf)

        let engine = try FactEngine(units: project.units, layers: project.layers)
        let values = try engine.compute(spec)
        let apportioned = values.compactMap { $0 }.reduce(0, +)
        let expected = try latestRoundTotalFromTheCSV()
        XCTAssertGreaterThan(expected, 0)
        XCTAssertEqual(apportioned, expected, accuracy: expected * 0.001, "zones tile the region: nothing is lost or counted twice")
        // Every groupement lies in some zone of the table, and no zone spills outside the units.
        let placement = try engine.placement(ofLayer: "dtm_zones")
        XCTAssertEqual(placement.zoneShares?.uncoveredUnits, [])
        XCTAssertFalse(placement.diagnostics.contains { $0.code == .zoneOutsideUnits }, "\(placement.diagnostics.prefix(3))")
        // Shares spread zone values over several groupements: more units get a value than there are zones.
        XCTAssertGreaterThan(values.filter { ($0 ?? 0) > 0 }.count, placement.zoneShares?.zoneCodes.count ?? 0)

        // Reproducible: a fresh engine on a fresh load gives the same bits.
        let again = try FactEngine(units: try ProjectLoader.load(manifestPath: "Shapefiles/kasai/targeting.toml").units,
                                   layers: project.layers).compute(spec)
        XCTAssertEqual(again.map { $0?.bitPattern }, values.map { $0?.bitPattern })
    }
}
