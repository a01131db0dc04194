import Domain

/// GeoJSON (RFC 7946) text for features with attributes: WGS 84 lon/lat, coordinates written
/// with 7 decimals (about 1 cm), properties in the order given, so the bytes are stable.
public struct GeoJSONWriter {
    public private(set) var text = "{\"type\":\"FeatureCollection\",\"features\":["
    private var first = true

    public init() {}

    public mutating func append(shape: Shape?, properties: [(String, Value)]) {
        text += first ? "\n" : ",\n"
        first = false
        text += "{\"type\":\"Feature\",\"properties\":{"
        text += properties.map { "\(GeoJSONWriter.string($0.0)):\(GeoJSONWriter.json($0.1))" }.joined(separator: ",")
        text += "},\"geometry\":"
        text += shape.map(GeoJSONWriter.geometry) ?? "null"
        text += "}"
    }

    public func finished() -> String { text + "\n]}\n" }

    static func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .number(let d): return d.isFinite ? Value.format(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return string(s)
        case .date(let d): return string(d.description)
        }
    }

    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func coord(_ c: Coordinate) -> String { "[\(fixed(c.x)),\(fixed(c.y))]" }
    static func fixed(_ d: Double) -> String { FixedDecimal.format(d, places: 7, trimZeros: true) }
    static func ring(_ r: [Coordinate]) -> String { "[" + r.map(coord).joined(separator: ",") + "]" }

    /// RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
    static func geometry(_ s: Shape) -> String {
        switch s {
        case .point(let c): return "{\"type\":\"Point\",\"coordinates\":\(coord(c))}"
        case .multiPoint(let cs): return "{\"type\":\"MultiPoint\",\"coordinates\":[\(cs.map(coord).joined(separator: ","))]}"
        case .lines(let ls): return "{\"type\":\"MultiLineString\",\"coordinates\":[\(ls.map(ring).joined(separator: ","))]}"
        case .polygons(let ps):
            let polys = ps.map { p in
                "[" + ([oriented(p.exterior, ccw: true)] + p.holes.map { oriented($0, ccw: false) }).map(ring).joined(separator: ",") + "]"
            }
            return "{\"type\":\"MultiPolygon\",\"coordinates\":[\(polys.joined(separator: ","))]}"
        }
    }

    static func oriented(_ r: Ring, ccw: Bool) -> Ring {
        var a = 0.0
        for i in 0..<max(0, r.count - 1) { a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y }
        return (a > 0) == ccw ? r : r.reversed()
    }
}

import Foundation
