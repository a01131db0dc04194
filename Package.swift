// swift-tools-version:6.0
import PackageDescription

// One module per concern. System C libraries (Lua 5.4, GEOS 3.11, shapelib 1.5, PROJ 9, GDAL 3.6) come
// from Debian; the set-up command in README.md installs them. All but GDAL and PROJ are linked
// through pkg-config; GDAL and PROJ are loaded at run time, when first needed (Sources/CGDAL,
// Sources/CProj).
let package = Package(
    name: "targeting",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "targeting", targets: ["targeting"]),
        // The pipeline as a library: what `targeting rank` does, for a Swift program.
        .library(name: "TargetingKit", targets: ["TargetingKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, bound through pkg-config.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4",
                       providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos",
                       providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CShapelib", pkgConfig: "shapelib",
                       providers: [.apt(["libshp-dev"])]),
        // The C layer that owns Lua's allocator, hooks and every call that can raise, so that no
        // longjmp ever crosses a Swift frame.
        .target(name: "CLuaSandbox", dependencies: ["CLua"]),
        // GDAL's C API (headers of libgdal-dev), the library loaded with dlopen at the first call
        // rather than linked: its 110 shared libraries cost every command 0.04 s before `main`.
        .target(name: "CGDAL", dependencies: ["CLibraryLoading"]),
        // PROJ's C API (headers of libproj-dev), loaded the same way at the first call: its 38
        // libraries cost every process ~10 ms before `main`.
        .target(name: "CProj", dependencies: ["CLibraryLoading"]),
        // What those two share: opening the library, resolving its functions, and the message and
        // exit of a forwarder whose library is missing.
        .target(name: "CLibraryLoading"),
        // glibc's <malloc.h>, for the command line's two malloc settings (mallopt).
        .systemLibrary(name: "CMalloc"),
        // SHA-256 block compression, through the CPU's SHA extensions when present.
        .target(name: "CSHA256"),
        // The bus-error guard of input files read through a memory mapping: a file cut short by
        // another program while the run reads it gives its error message, not a crash.
        .target(name: "CMappedInput"),

        // Domain vocabulary shared by every module: ids, dates, values, diagnostics, fact specs.
        .target(name: "Domain", dependencies: ["CSHA256", "CMappedInput"]),
        // Geometry over GEOS (validity, repair, predicates, index) and geodesy over PROJ.
        .target(name: "Geometry", dependencies: ["Domain", "CGEOS", "CProj"]),
        // Shapefile reading and writing through shapelib, DBF text decoding, .prj handling.
        .target(name: "ShapefileIO", dependencies: ["Domain", "Geometry", "CShapelib", "CProj"]),
        // CSV tables with HXL hashtag rows, point layers from coordinate columns.
        .target(name: "Tables", dependencies: ["Domain"]),
        // GeoPackage, GeoJSON, zipped shapefiles and XLSX workbooks read through GDAL/OGR (the
        // shapefiles inside a zip still through ShapefileIO), and the GeoPackage unit layer written.
        .target(name: "VectorFormats", dependencies: ["Domain", "Geometry", "ShapefileIO", "Tables", "CGDAL"]),
        // The project manifest (TOML) a GIS officer edits, and loading the layers it names.
        .target(name: "Manifest", dependencies: ["Domain"]),
        // Spatial and table joins: point-in-polygon, aggregates, nearest, name matching.
        .target(name: "Joins", dependencies: ["Domain", "Geometry"]),
        // The Lua rules engine: sandbox, rules API, per-unit evaluation.
        .target(name: "Rules", dependencies: ["Domain", "CLuaSandbox"],
                resources: [.embedInCode("Lua/prelude.lua")]),
        // Normalisation, criteria, scores, ranks and selection.
        .target(name: "Ranking", dependencies: ["Domain"]),
        // Atomic writers: CSV, GeoJSON, shapefile, reports.
        .target(name: "Outputs", dependencies: ["Domain"]),
        // Loading a project: the manifest's files read, field references checked, units and layers
        // assembled for the joins.
        .target(name: "Project", dependencies: ["Domain", "Geometry", "ShapefileIO", "Tables", "Manifest", "Joins", "VectorFormats"]),
        // What a run writes: priority list, facts, explanations, GeoJSON/shapefile, maps, report,
        // run manifest.
        .target(name: "Reports", dependencies: ["Domain", "ShapefileIO", "Outputs", "Project", "Joins", "Manifest", "VectorFormats"],
                // The report's script and styles, compiled into the binary (no resource bundle to ship).
                resources: [.embedInCode("Assets/report.js"), .embedInCode("Assets/report.css")]),
        // The deterministic generator of the bundled synthetic Kasaï sample.
        .target(name: "SampleData", dependencies: ["Domain", "Geometry", "ShapefileIO", "Outputs"]),
        // The pipeline every command runs (load, facts, rules, rank, write), as a library that
        // any Swift program can use; it re-exports the domain types its results are made of.
        .target(name: "TargetingKit", dependencies: [
            "Domain", "Geometry", "ShapefileIO", "Tables", "Manifest", "Joins", "Rules",
            "Ranking", "Outputs", "Project", "Reports", "VectorFormats",
        ]),
        // The command line: a thin client of TargetingKit (which re-exports the types of its
        // results); Outputs for the output-folder errors and atomic files of `diff` and `map`.
        .executableTarget(name: "targeting", dependencies: [
            "TargetingKit", "Domain", "Reports", "Outputs", "SampleData", "CMalloc",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fixtures and seeded random numbers shared by several test targets.
        .target(name: "TestSupport", dependencies: ["Domain"], path: "Tests/TestSupport"),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry", "Domain", "TestSupport"]),
        .testTarget(name: "ShapefileIOTests", dependencies: ["ShapefileIO", "Domain", "Geometry", "TestSupport"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "Domain"]),
        .testTarget(name: "VectorFormatsTests", dependencies: ["VectorFormats", "CGDAL", "Domain", "ShapefileIO", "Tables"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "Domain"]),
        .testTarget(name: "JoinsTests", dependencies: ["Joins", "Domain", "Geometry", "TestSupport"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Domain", "Ranking"]),
        .testTarget(name: "RankingTests", dependencies: ["Ranking", "Domain"]),
        .testTarget(name: "OutputsTests", dependencies: ["Outputs", "Domain", "CProj", "CSHA256", "TestSupport"]),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "Domain"]),
        .testTarget(name: "ProjectTests", dependencies: ["Project", "Domain", "Manifest", "ShapefileIO", "Joins", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Domain", "Ranking"]),
        .testTarget(name: "CommandLineTests", dependencies: ["targeting"]),
    ]
)
