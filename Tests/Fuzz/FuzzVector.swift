// libFuzzer target: the readers behind GDAL/OGR (VectorFormats): GeoPackage, GeoJSON, zipped
// shapefiles and XLSX workbooks. Compiled by Scripts/fuzz.sh, not by SwiftPM.
//
// Input: byte 0 picks the format (modulo 4: GeoPackage, GeoJSON, zip, XLSX); the rest is the
// file. It is written to a per-process temporary folder and read as `rank` reads it: the layer
// names listed, then the file read (a vector layer through `VectorInput`, with an unknown CRS
// refused or kept by bit 2 of byte 0; a workbook's first sheet through `WorkbookReader`, then
// made into a point layer with longitude/latitude columns). Thrown errors are fine (bad input
// reported); a crash, a sanitizer report, a hang or running out of memory is a defect.
import Foundation
import Domain
import ShapefileIO
import Tables
import VectorFormats

private let folder: String = {
    let dir = NSTemporaryDirectory() + "fuzz-vector-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

private let extensions = ["gpkg", "geojson", "zip", "xlsx"]
private let limits = ShapefileLimits(maxFileBytes: 1 << 20, maxRecords: 20_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVector(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let mode = Int(data[0])
    let ext = extensions[mode & 3]
    let path = folder + "/f." + ext
    try? FileManager.default.removeItem(atPath: path)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes: data + 1, count: size - 1))
    let names = (try? VectorInput.layerNames(path: path)) ?? []
    if ext == "xlsx" {
        guard let table = try? WorkbookReader(maxBytes: 1 << 20).read(path: path, sheet: names.first) else { return 0 }
        if let built = try? table.makeLayer(TableSchema(longitude: "longitude", latitude: "latitude")),
           built.rowsRead != built.rowsKept + built.rowsRejected {
            fatalError("rows read \(built.rowsRead) != kept \(built.rowsKept) + rejected \(built.rowsRejected)")
        }
        return 0
    }
    let input = VectorInput(limits: limits, unknownCRS: mode & 4 != 0 ? .keepAsStored : .refuse)
    for layer in [nil] + names.prefix(3).map(Optional.some) {
        if let read = try? input.read(path: path, layer: layer) {
            // Every record is accounted for: one feature per record read.
            if read.layer.features.count != read.report.records {
                fatalError("features \(read.layer.features.count) != records \(read.report.records)")
            }
        }
    }
    return 0
}
