import XCTest
import CGDAL
@testable import VectorFormats
#if canImport(Glibc)
import Glibc
#endif

/// GDAL is loaded at run time (CGDAL), not linked: the library loaded must be the GDAL whose
/// headers the forwarders were compiled against, or a call could pass the wrong arguments.
final class GDALLoadingTests: XCTestCase {
    func testTheLibraryLoadedIsTheVersionOfTheHeaders() throws {
        try GDAL.ready()
        // Asked of the library itself, against the headers' own release name.
        XCTAssertEqual(String(cString: GDALVersionInfo("RELEASE_NAME")), GDAL_RELEASE_NAME)
    }

    func testTheLibraryLoadedIsTheOneTheLinkerWouldHaveLinked() throws {
        try GDAL.ready()
        // libgdal-dev's link, libgdal.so, is what `-lgdal` linked: the loader finds it is the
        // file already loaded under the soname CGDAL chose (RTLD_NOLOAD: found only if loaded).
        let loaded = dlopen(targeting_gdal_library_name(), RTLD_NOW | RTLD_NOLOAD)
        let linked = dlopen("libgdal.so", RTLD_NOW | RTLD_NOLOAD)
        defer { [loaded, linked].forEach { if let h = $0 { dlclose(h) } } }
        XCTAssertNotNil(loaded, String(cString: targeting_gdal_library_name()))
        XCTAssertEqual(loaded, linked, "libgdal.so is not \(String(cString: targeting_gdal_library_name()))")
    }

    func testAPreloadThenUseOnManyThreadsFindsEveryDriver() throws {
        GDAL.preload()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            XCTAssertNotNil(try? GDAL.ready(), "loaded")
            XCTAssertNotNil(GDALGetDriverByName("GPKG"), "every driver registered")
        }
    }
}
