import XCTest
import Domain
@testable import ShapefileIO

/// The .prj spellings answered without PROJ give what PROJ itself gives for them.
final class CRSResolverTests: XCTestCase {
    func testKnownWGS84SpellingsAreWhatPROJReads() throws {
        let here = SourceLocation(file: "units.prj")
        XCTAssertEqual(CRSResolver.plainWGS84Spellings.count, 2)
        for wkt in CRSResolver.plainWGS84Spellings {
            let proj = try CRSResolver.fromWKT(wkt, at: here, source: "the .prj", knownSpellings: false)
            XCTAssertEqual(proj.name, "WGS 84", wkt)
            XCTAssertFalse(proj.needsTransform, wkt)
            let known = try CRSResolver.fromWKT(wkt, at: here, source: "the .prj")
            XCTAssertEqual(known.name, proj.name)
            XCTAssertEqual(known.needsTransform, proj.needsTransform)
        }
        // Any other spelling still goes to PROJ: NAD83 is named, and transformed.
        let nad83 = #"GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
        let other = try CRSResolver.fromWKT(nad83, at: here, source: "the .prj")
        XCTAssertNotEqual(other.name, "WGS 84")
    }
}
