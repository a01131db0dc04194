import Foundation
import CProj
import Geometry
import Domain

/// What the reader does with a layer's coordinates: keep them (WGS 84 lon/lat already) or
/// transform them to WGS 84 lon/lat with PROJ.
public final class CRSResolver: @unchecked Sendable {
    /// Human-readable CRS name for the report.
    public let name: String
    /// Set when a transformation is needed.
    private let context: OpaquePointer?
    private let transformation: OpaquePointer?
    public var needsTransform: Bool { transformation != nil }

    private init(name: String, context: OpaquePointer?, transformation: OpaquePointer?) {
        self.name = name; self.context = context; self.transformation = transformation
    }

    deinit {
        if let t = transformation { proj_destroy(t) }
        if let c = context { proj_context_destroy(c) }
    }

    public static func wgs84(assumed: Bool) -> CRSResolver {
        CRSResolver(name: assumed ? "WGS 84 (assumed: no .prj)" : "WGS 84", context: nil, transformation: nil)
    }

    public static func unknown() -> CRSResolver { CRSResolver(name: "unknown (no .prj; coordinates kept as stored)", context: nil, transformation: nil) }

    /// Interprets the .prj's WKT (any dialect PROJ reads: ESRI, WKT1, WKT2). Its own PROJ
    /// context, since the default one is not thread-safe.
    static func fromPRJ(path: String) throws -> CRSResolver {
        let here = SourceLocation(file: path)
        let raw = try BoundedFile.read(path, limit: 1_000_000, what: ".prj")
        let wkt = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        guard !wkt.isEmpty else { throw TargetingError("the .prj is empty", at: here, hint: "delete it if the layer is WGS 84, or export it again") }
        return try fromWKT(wkt, at: here, source: "the .prj")
    }

    /// The same for WKT that came from elsewhere (a GeoPackage's or GeoJSON's CRS, as GDAL gives
    /// it); `source` names it in messages ("the .prj", "the layer's CRS").
    public static func fromWKT(_ wkt: String, at here: SourceLocation, source: String) throws -> CRSResolver {
        try fromWKT(wkt, at: here, source: source, knownSpellings: true)
    }

    /// Plain WGS 84 longitude/latitude as GIS software writes it in a .prj (ESRI's WKT, by ArcGIS,
    /// QGIS and GDAL; the second with the digits GDAL's newer versions print), byte for byte.
    /// PROJ reads each as "WGS 84", equivalent to EPSG:4326 (a test checks it), so these are
    /// answered without a PROJ context: creating one and looking up EPSG:4326 in PROJ's
    /// database took a sixtieth of a second of the loading, for the most common .prj of all.
    static let plainWGS84Spellings: Set<String> = [
        #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#,
        #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]"#,
    ]

    /// `knownSpellings: false` always asks PROJ (for the test of `plainWGS84Spellings`).
    static func fromWKT(_ wkt: String, at here: SourceLocation, source: String, knownSpellings: Bool) throws -> CRSResolver {
        if knownSpellings && plainWGS84Spellings.contains(wkt) {
            return CRSResolver(name: "WGS 84", context: nil, transformation: nil)
        }
        do { try PROJLibrary.ready() } catch var e as TargetingError { e.location = here; throw e }
        guard let ctx = proj_context_create() else { throw TargetingError("PROJ could not be initialised", at: here) }
        var owned = true
        defer { if owned { proj_context_destroy(ctx) } }
        proj_log_level(ctx, PJ_LOG_NONE)
        guard let parsed = proj_create(ctx, wkt) else {
            throw TargetingError("PROJ cannot read the coordinate system in \(source)", at: here,
                                 hint: "check that \(source) holds WKT, or give the layer its real CRS")
        }
        defer { proj_destroy(parsed) }
        // A WKT1 with TOWGS84 comes back as a BoundCRS: compare its base CRS, transform with the bound one.
        let base = proj_get_type(parsed) == PJ_TYPE_BOUND_CRS ? proj_get_source_crs(ctx, parsed) : proj_clone(ctx, parsed)
        guard let base else { throw TargetingError("PROJ cannot read the coordinate system in \(source)", at: here) }
        defer { proj_destroy(base) }
        guard proj_is_crs(base) != 0 else {
            throw TargetingError("\(source) does not describe a coordinate reference system", at: here)
        }
        let name = proj_get_name(base).map { String(cString: $0) } ?? "unnamed CRS"
        guard let wgs84 = proj_create(ctx, "EPSG:4326") else {
            throw TargetingError("PROJ has no definition of WGS 84 (EPSG:4326): is proj.db installed?", at: here)
        }
        defer { proj_destroy(wgs84) }
        if proj_is_equivalent_to_with_ctx(ctx, base, wgs84, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0 {
            return CRSResolver(name: "WGS 84", context: nil, transformation: nil)
        }
        guard let t = proj_create_crs_to_crs_from_pj(ctx, parsed, wgs84, nil, nil) else {
            throw TargetingError("PROJ cannot transform coordinates from \(name) to WGS 84", at: here,
                                 hint: "reproject the layer to WGS 84 (EPSG:4326) in a GIS")
        }
        // EPSG:4326 is latitude first; normalise so that x is longitude.
        let normalized = proj_normalize_for_visualization(ctx, t)
        proj_destroy(t)
        guard let normalized else {
            throw TargetingError("PROJ cannot transform coordinates from \(name) to WGS 84 in lon/lat order", at: here)
        }
        owned = false
        return CRSResolver(name: name, context: ctx, transformation: normalized)
    }

    /// The coordinate in WGS 84 lon/lat, or nil when PROJ cannot transform it.
    public func transform(_ c: Coordinate) -> Coordinate? {
        guard let t = transformation else { return c }
        let out = proj_trans(t, PJ_FWD, proj_coord(c.x, c.y, 0, 0))
        let x = out.xy.x, y = out.xy.y
        guard x.isFinite, y.isFinite, abs(x) != .greatestFiniteMagnitude, abs(x) <= 540, abs(y) <= 90 else { return nil }
        return Coordinate(x, y)
    }
}
