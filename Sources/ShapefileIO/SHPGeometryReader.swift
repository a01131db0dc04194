import Foundation
import CShapelib
import Domain

/// The geometry half of a shapefile, read through shapelib from a .shp whose structure we have
/// already walked. Opened read-only ("rb"). When the .shx is missing or disagrees with the .shp,
/// the index is rebuilt from our walk of the .shp (`SHPStructure.shxBytes`) beside a copy of the
/// .shp in a private temporary folder, never next to the user's files.
final class SHPGeometryReader {
    private let handle: SHPHandle
    private let staging: StagingFolder?
    let count: Int

    /// Raw 2-D parts of one record as shapelib gives them.
    struct RawShape { let type: Int32; let parts: [[Coordinate]] }

    /// `rebuiltIndex`: the .shx to use instead of the one beside the .shp (nil: use that one).
    init(shp: String, rebuiltIndex: [UInt8]?) throws {
        let here = SourceLocation(file: shp)
        var openPath = shp
        var staging: StagingFolder? = nil
        if let index = rebuiltIndex {
            let s = try StagingFolder(system: "targeting-shx")
            staging = s
            let copy = s.path + "/layer.shp"
            do { try FileManager.default.copyItem(atPath: shp, toPath: copy) } catch {
                s.remove()
                throw TargetingError("could not copy the .shp to a temporary folder to rebuild its index: \(error.localizedDescription)", at: here)
            }
            guard FileManager.default.createFile(atPath: s.path + "/layer.shx", contents: Data(index)) else {
                s.remove()
                throw TargetingError("could not write the rebuilt .shx index in a temporary folder", at: here, hint: "check free space in the temporary folder")
            }
            openPath = copy
        }
        // shapelib prints its own complaints ("Corrupted .shp file : shape 4, nPoints=…") on
        // stderr, between our messages; a record it refuses is reported by us as rejected.
        var hooks = SAHooks()
        SASetupDefaultHooks(&hooks)
        hooks.Error = { _ in }
        guard let h = SHPOpenLL(openPath, "rb", &hooks) else {
            staging?.remove()
            throw TargetingError("shapelib could not open the shapefile", at: here, hint: "the .shp or .shx is corrupt: export the layer again")
        }
        handle = h
        self.staging = staging
        var n: Int32 = 0, type: Int32 = 0
        SHPGetInfo(h, &n, &type, nil, nil)
        count = Int(n)
    }

    deinit {
        SHPClose(handle)
        staging?.remove()
    }

    /// Record `i` (0-based); nil when shapelib finds it corrupt.
    func read(_ i: Int) -> RawShape? {
        guard let obj = SHPReadObject(handle, Int32(i)) else { return nil }
        defer { SHPDestroyObject(obj) }
        let o = obj.pointee
        let nv = Int(o.nVertices), np = Int(o.nParts)
        guard nv >= 0, np >= 0 else { return nil }
        if o.nSHPType == SHPT_NULL || nv == 0 { return RawShape(type: SHPT_NULL, parts: []) }
        guard let xs = o.padfX, let ys = o.padfY else { return nil }
        var starts: [Int] = []
        if np > 0, let ps = o.panPartStart { starts = (0..<np).map { Int(ps[$0]) } } else { starts = [0] }
        var parts: [[Coordinate]] = []
        for (k, s) in starts.enumerated() {
            let e = k + 1 < starts.count ? starts[k + 1] : nv
            guard s >= 0, s <= e, e <= nv else { return nil }
            parts.append((s..<e).map { Coordinate(xs[$0], ys[$0]) })
        }
        return RawShape(type: o.nSHPType, parts: parts)
    }
}

/// Converting raw parts to a Domain shape, by family of shapefile type.
public enum ShapeConversion {
    enum Family { case point, multiPoint, line, polygon }

    static func family(_ type: Int) -> Family? {
        switch type {
        case 1, 11, 21: return .point
        case 8, 18, 28: return .multiPoint
        case 3, 13, 23: return .line
        case 5, 15, 25: return .polygon
        default: return nil
        }
    }

    /// The shape, and warnings about parts that were left out or fixed. nil shape: nothing usable.
    static func shape(_ raw: SHPGeometryReader.RawShape, family: Family) -> (Shape?, [String]) {
        let all = raw.parts.flatMap { $0 }
        if all.isEmpty { return (nil, []) }
        if let bad = all.firstIndex(where: { !$0.x.isFinite || !$0.y.isFinite }) {
            return (nil, ["coordinate \(bad + 1) is not a finite number"])
        }
        switch family {
        case .point:
            return (.point(all[0]), all.count > 1 ? ["a point record holds \(all.count) points; the first was kept"] : [])
        case .multiPoint:
            return (.multiPoint(all), [])
        case .line:
            var warnings: [String] = []
            let lines = raw.parts.enumerated().compactMap { (k, p) -> [Coordinate]? in
                if p.count >= 2 { return p }
                warnings.append("line part \(k + 1) has \(p.count) point(s); it was left out")
                return nil
            }
            return (lines.isEmpty ? nil : .lines(lines), warnings)
        case .polygon:
            let a = PolygonAssembly(rings: raw.parts)
            return (a.polygons.isEmpty ? nil : .polygons(a.polygons), a.warnings)
        }
    }

    public static func map(_ shape: Shape, _ f: (Coordinate) -> Coordinate?) -> Shape? {
        func ring(_ r: [Coordinate]) -> [Coordinate]? {
            var out: [Coordinate] = []
            out.reserveCapacity(r.count)
            for c in r { guard let t = f(c) else { return nil }; out.append(t) }
            return out
        }
        switch shape {
        case .point(let c): return f(c).map(Shape.point)
        case .multiPoint(let cs): return ring(cs).map(Shape.multiPoint)
        case .lines(let ls):
            var out: [[Coordinate]] = []
            for l in ls { guard let t = ring(l) else { return nil }; out.append(t) }
            return .lines(out)
        case .polygons(let ps):
            var out: [Polygon] = []
            for p in ps {
                guard let e = ring(p.exterior) else { return nil }
                var holes: [Ring] = []
                for h in p.holes { guard let t = ring(h) else { return nil }; holes.append(t) }
                out.append(Polygon(exterior: e, holes: holes))
            }
            return .polygons(out)
        }
    }
}
