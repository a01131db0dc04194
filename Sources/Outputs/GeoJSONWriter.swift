import Domain

/// GeoJSON (RFC 7946) text for features with attributes: WGS 84 lon/lat, coordinates written
/// with 7 decimals (about 1 cm), properties in the order given, so the bytes are stable.
/// The text is built as UTF-8 bytes: a 6,000-unit layer has about two million coordinates, and
/// building each as a `String` and joining them cost more than all the rest of writing a run.
public struct GeoJSONWriter {
    public private(set) var bytes: [UInt8] = Array("{\"type\":\"FeatureCollection\",\"features\":[".utf8)
    private var first = true
    /// The properties' names of the last feature and their JSON text: every feature of a layer
    /// has the same names, spelled once rather than once a feature.
    private var names: [String] = [], namesJSON: [[UInt8]] = []

    public init() {}

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func append(shape: Shape?, properties: [(String, Value)]) {
        put(first ? "\n" : ",\n")
        first = false
        put("{\"type\":\"Feature\",\"properties\":{")
        for (k, (name, value)) in properties.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            if k >= names.count || names[k] != name {
                if k < names.count { names.removeSubrange(k...); namesJSON.removeSubrange(k...) }
                names.append(name); namesJSON.append(Array((GeoJSONWriter.string(name) + ":").utf8))
            }
            bytes.append(contentsOf: namesJSON[k])
            put(GeoJSONWriter.json(value))
        }
        put("},\"geometry\":")
        if let shape { geometry(shape) } else { put("null") }
        put("}")
    }

    public func finished() -> String { String(decoding: finishedBytes(), as: UTF8.self) }

    public func finishedBytes() -> [UInt8] { bytes + Array(Self.closing.utf8) }

    /// What ends the text, after the last feature.
    public static let closing = "\n]}\n"

    /// Hands the bytes spelled so far to `sink` and forgets them, keeping the buffer: a layer of
    /// 47 MB is written a megabyte at a time, not held whole, grown and then copied.
    public mutating func drain(_ sink: ([UInt8]) throws -> Void) rethrows {
        try sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func put(_ s: String) { bytes.append(contentsOf: s.utf8) }

    static func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .number(let d): return d.isFinite ? Value.format(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return string(s)
        case .date(let d): return string(d.description)
        }
    }

    /// A JSON string literal. `inScript`: `/` and U+2028/U+2029 escaped too, for JSON inside an
    /// HTML `<script>` (no `</script>` in a value can close it; older JavaScript reads those two
    /// as line ends).
    public static func string(_ s: String, inScript: Bool = false) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "/" where inScript: out += "\\/"
            case "\u{2028}" where inScript: out += "\\u2028"
            case "\u{2029}" where inScript: out += "\\u2029"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    private mutating func coord(_ c: Coordinate) { coords(CollectionOfOne(c), bracketed: false) }

    /// `[[x,y],[x,y],…]` (`bracketed`), else the coordinates alone (one for a point). Spelled into
    /// a scratch buffer and appended at once: appending each number's bytes to the array cost as
    /// much as spelling them (a million and a half vertices at 6,000 units).
    private mutating func coords<C: Collection>(_ cs: C, bracketed: Bool = true) where C.Element == Coordinate {
        // `[x,y],` for each coordinate, a number being at most `CoordinateText.maxBytes`.
        let capacity = 2 + cs.count * (2 * CoordinateText.maxBytes + 4)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
            let p = scratch.baseAddress!
            var n = 0
            if bracketed { p[n] = UInt8(ascii: "["); n += 1 }
            var firstCoordinate = true
            for c in cs {
                if !firstCoordinate { p[n] = UInt8(ascii: ","); n += 1 }
                firstCoordinate = false
                p[n] = UInt8(ascii: "["); n += 1
                n += CoordinateText.spell(c.x, at: p + n)
                p[n] = UInt8(ascii: ","); n += 1
                n += CoordinateText.spell(c.y, at: p + n)
                p[n] = UInt8(ascii: "]"); n += 1
            }
            if bracketed { p[n] = UInt8(ascii: "]"); n += 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<n]))
        }
    }

    /// A ring in the orientation RFC 7946 §3.1.6 asks: exterior rings counter-clockwise, holes clockwise.
    private mutating func ring(_ r: Ring, ccw: Bool) {
        if GeoJSONWriter.isCounterClockwise(r) == ccw { coords(r) } else { coords(r.reversed()) }
    }

    private mutating func geometry(_ s: Shape) {
        switch s {
        case .point(let c):
            put("{\"type\":\"Point\",\"coordinates\":"); coord(c); put("}")
        case .multiPoint(let cs):
            put("{\"type\":\"MultiPoint\",\"coordinates\":"); coords(cs); put("}")
        case .lines(let ls):
            put("{\"type\":\"MultiLineString\",\"coordinates\":[")
            for (k, l) in ls.enumerated() { if k > 0 { put(",") }; coords(l) }
            put("]}")
        case .polygons(let ps):
            put("{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (k, p) in ps.enumerated() {
                if k > 0 { put(",") }
                put("[")
                ring(p.exterior, ccw: true)
                for h in p.holes { put(","); ring(h, ccw: false) }
                put("]")
            }
            put("]}")
        }
    }

    /// Twice the signed area is positive (the shoelace sum, in the order this always summed).
    static func isCounterClockwise(_ r: Ring) -> Bool {
        var a = 0.0
        r.withUnsafeBufferPointer { r in
            for i in 0..<max(0, r.count - 1) { a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y }
        }
        return a > 0
    }
}
