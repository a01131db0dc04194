import XCTest
import CGDAL
@testable import VectorFormats

/// GDAL is loaded at run time (CGDAL), not linked: the library loaded must be the GDAL whose
/// headers the forwarders were compiled against, or a call could pass the wrong arguments.
final class GDALLoadingTests: XCTestCase {
    func testTheLibraryLoadedIsTheVersionOfTheHeaders() throws {
        try GDAL.ready()
        // Asked of the library itself, against the headers' own release name.
        XCTAssertEqual(String(cString: GDALVersionInfo("RELEASE_NAME")), GDAL_RELEASE_NAME)
        XCTAssertEqual(String(cString: targeting_gdal_library_name()), "libgdal.so.\(GDAL_VERSION_MAJOR == 3 ? 26 + GDAL_VERSION_MINOR : -1)")
    }

    func testAPreloadThenUseOnManyThreadsLoadsOnce() throws {
        GDAL.preload()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            XCTAssertNotNil(try? GDAL.ready(), "loaded")
            XCTAssertNotNil(GDALGetDriverByName("GPKG"), "every driver registered")
        }
    }
}
