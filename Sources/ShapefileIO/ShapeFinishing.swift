import Foundation
import Domain
import Geometry

/// The last two steps of reading any vector layer, shared by the shapefile reader and the GDAL
/// readers (VectorFormats) so that every format gets the same semantics: coordinates brought to
/// WGS 84 lon/lat by PROJ, and polygons checked and repaired with GEOS, each repair and each
/// rejected shape reported with its 1-based record number.
public enum ShapeFinishing {
    /// Transforms every shape with `crs` (nothing to do when it needs no transform); a shape with
    /// a coordinate PROJ cannot transform is rejected.
    public static func transform(_ shapes: inout [Shape?], crs: CRSResolver, notes: inout ReadNotes) {
        guard crs.needsTransform else { return }
        for i in shapes.indices {
            guard let s = shapes[i] else { continue }
            shapes[i] = ShapeConversion.map(s, crs.transform)
            if shapes[i] == nil { notes.reject(i + 1, "PROJ could not transform a coordinate of this shape to WGS 84") }
        }
    }

    /// Checks every polygon shape with GEOS and repairs an invalid one (MakeValid), reporting the
    /// reason and place; a shape with nothing polygonal left, or that GEOS cannot handle, is rejected.
    /// The checks run on every core (`PolygonValidity`); what they found is applied here in record
    /// order, so the notes are the same whatever the number of cores.
    public static func repairPolygons(_ shapes: inout [Shape?], notes: inout ReadNotes) throws {
        let outcomes = try PolygonValidity.check(shapes)
        for i in shapes.indices {
            guard let outcome = outcomes[i] else { continue }
            switch outcome {
            case .checked(.valid): break
            case .checked(.repaired(let reason, let at, let fixed)):
                let place = at.map { String(format: " near %.6f, %.6f", $0.x, $0.y) } ?? ""
                notes.repaired(i + 1, reason + place)
                if fixed.isEmpty {
                    shapes[i] = nil
                    notes.reject(i + 1, "nothing polygonal was left after repairing: \(reason)")
                } else {
                    shapes[i] = .polygons(fixed)
                }
            case .failed(let why):
                shapes[i] = nil
                notes.reject(i + 1, "GEOS could not check or repair the polygon: \(why)")
            }
        }
    }
}
