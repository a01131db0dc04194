import Foundation
import XCTest

/// The boundaries and the layers are read at the same time; when several of them are bad, the
/// error reported is still the one of the first in manifest order (units, levels, then each layer),
/// whichever reader fails first.
final class LoadErrorOrderTests: XCTestCase {
    /// The bad-input project's manifest with two point layers on its conflict CSV, each asking
    /// for the number column named.
    func manifest(first: String, second: String) -> String {
        """
        name = "load order"
        as_of = "2020-12-31"
        rules = "rules.lua"

        [units]
        path = "units.shp"
        id = "GRP_PCODE"
        name = "GRP_FR"
        population = "POP_2020"
        parent = "ADM2_PCODE"

        [layers.conflict]
        kind = "points"
        path = "conflict.csv"
        date = "event_date"
        numbers = ["\(first)"]

        [layers.again]
        kind = "points"
        path = "conflict.csv"
        date = "event_date"
        numbers = ["\(second)"]
        """
    }

    let columns = "event_id_cnty, event_date, event_type, fatalities, latitude, longitude"
    var missingDeaths: [String] { ["targeting.toml:16", "layer 'conflict' names field 'deaths' (role numbers) but conflict.csv has: \(columns)"] }
    var missingKilled: [String] { ["targeting.toml:22", "layer 'again' names field 'killed' (role numbers) but conflict.csv has: \(columns)"] }

    func testBadUnitsWinOverABadLayer() throws {
        let p = try ProjectCopy()
        try manifest(first: "deaths", second: "fatalities").write(toFile: p.manifest, atomically: true, encoding: .utf8)
        // The layer alone is bad (good units) ...
        let layerOnly = try p.rank()
        assertFails(layerOnly, status: 2, mentions: missingDeaths)
        // ... but with bad units too, the units' error is the one reported, as when units were read first.
        try p.useUnits("duplicate_ids")
        let both = try p.rank()
        assertFails(both, status: 2, mentions: ["unit id CD9102001 appears twice", "units.shp: record 1", "units.shp: record 3"])
        XCTAssertFalse(both.output.contains("deaths"), both.output)
    }

    func testTheFirstBadLayerInManifestOrderWins() throws {
        let p = try ProjectCopy()
        try manifest(first: "deaths", second: "killed").write(toFile: p.manifest, atomically: true, encoding: .utf8)
        let r = try p.rank()
        assertFails(r, status: 2, mentions: missingDeaths)
        XCTAssertFalse(r.output.contains("killed"), r.output)
        // The second layer alone is bad: its own error.
        try manifest(first: "fatalities", second: "killed").write(toFile: p.manifest, atomically: true, encoding: .utf8)
        assertFails(try p.rank(), status: 2, mentions: missingKilled)
    }
}
