import Foundation
import Domain
import ShapefileIO

/// The one door through which a layer with geometry is read, whatever its format: shapefiles by
/// ShapefileIO, GeoPackage and GeoJSON through GDAL/OGR, zipped shapefiles unzipped through GDAL
/// and read by ShapefileIO. Every reader gives the same result type and the same semantics.
public struct VectorInput {
    public var limits: ShapefileLimits
    public var unknownCRS: ShapefileReader.UnknownCRSPolicy
    /// The code page the manifest states for a shapefile's .dbf (GeoPackage and GeoJSON text is
    /// Unicode, so the manifest refuses one for them).
    public var encoding: CodePage?
    public init(limits: ShapefileLimits = .standard, unknownCRS: ShapefileReader.UnknownCRSPolicy = .refuse, encoding: CodePage? = nil) {
        self.limits = limits; self.unknownCRS = unknownCRS; self.encoding = encoding
    }

    public var shapefileReader: ShapefileReader {
        var r = ShapefileReader(limits: limits, unknownCRS: unknownCRS)
        r.encoding = encoding
        return r
    }

    /// `layer`: the layer (GeoPackage table, shapefile in a zip) to read; nil when the file has one.
    public func read(path: String, layer: String? = nil) throws -> ShapefileReadResult {
        let ext = (path as NSString).pathExtension
        switch InputFormat(extension: ext) {
        case .shapefile?:
            return try shapefileReader.read(path: path)
        case .geoPackage?:
            return try OGRLayerReader(limits: limits, unknownCRS: unknownCRS).read(path: path, format: .geoPackage, layer: layer)
        case .geoJSON?:
            return try OGRLayerReader(limits: limits, unknownCRS: unknownCRS).read(path: path, format: .geoJSON, layer: layer)
        case .zippedShapefile?:
            return try ZippedShapefile(reader: shapefileReader).read(path: path, layer: layer)
        case .csv?, .workbook?, .dbfTable?, nil:
            throw TargetingError("not a layer with geometry: \(ext.isEmpty ? "a file with no extension" : "a .\(ext) file")", at: SourceLocation(file: path),
                                 hint: InputFormat.unsupportedHint(geometry: true))
        }
    }

    /// The names of the layers in a file (one for a shapefile or GeoJSON), for `inspect`.
    public static func layerNames(path: String) throws -> [String] {
        switch InputFormat(extension: (path as NSString).pathExtension) {
        case .geoPackage?: return try OGRDataset(path: path, driver: "GPKG", format: "GeoPackage").layerNames
        case .zippedShapefile?: return try ZippedShapefile.members(of: path).keys.sorted()
        case .workbook?: return try WorkbookReader.sheets(path: path)
        default: return []
        }
    }
}

/// Inspects a layer with geometry in any format; never throws: a failure is in `error`.
public func inspectLayer(path: String, layer: String? = nil, limits: ShapefileLimits = .standard) -> InspectReport {
    do {
        return try VectorInput(limits: limits, unknownCRS: .keepAsStored).read(path: path, layer: layer).report
    } catch {
        var r = InspectReport(path: path)
        r.error = (error as? TargetingError)?.description ?? "\(path): \(error)"
        return r
    }
}
