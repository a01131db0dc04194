/// SVG path data from a `MapTopology`: an absolute move, then relative integer steps
/// (`M120 45l3-2 4 5z`), spelled straight into bytes (string interpolation of every step took
/// as long as building the topology at 100,000 units).
extension MapTopology {
    /// An SVG path for one area.
    public func svgPath(area: Int) -> String {
        var d: [UInt8] = []
        appendSVGPath(area: area, to: &d)
        return String(decoding: d, as: UTF8.self)
    }

    /// The path data of `svgPath(area:)`, appended as UTF-8.
    public func appendSVGPath(area: Int, to d: inout [UInt8]) {
        for ring in rings[area] { Self.append(ring.dropLast(), to: &d, close: true) }
    }

    /// An SVG path for a set of arcs (open lines), e.g. the borders between parents.
    public func svgPath(arcs indices: [Int]) -> String {
        var d: [UInt8] = []
        for i in indices { Self.append(arcs[i].points[...], to: &d, close: false) }
        return String(decoding: d, as: UTF8.self)
    }

    static func append(_ points: ArraySlice<Point>, to d: inout [UInt8], close: Bool) {
        guard let first = points.first else { return }
        d.append(UInt8(ascii: "M"))
        appendInteger(first.x, to: &d)
        d.append(UInt8(ascii: " "))
        appendInteger(first.y, to: &d)
        var last = first
        var started = false
        for p in points.dropFirst() {
            let dx = p.x - last.x, dy = p.y - last.y
            if !started { d.append(UInt8(ascii: "l")) } else if dx >= 0 { d.append(UInt8(ascii: " ")) }
            appendInteger(dx, to: &d)
            if dy >= 0 { d.append(UInt8(ascii: " ")) }
            appendInteger(dy, to: &d)
            started = true
            last = p
        }
        if close { d.append(UInt8(ascii: "z")) }
    }

    /// The decimal spelling of `v` (as `String(v)`), appended as UTF-8.
    static func appendInteger(_ v: Int32, to d: inout [UInt8]) {
        var magnitude = UInt32(v.magnitude)
        if v < 0 { d.append(UInt8(ascii: "-")) }
        if magnitude < 10 { d.append(UInt8(48 + magnitude)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { digits in
            var i = 10
            while magnitude > 0 { i -= 1; digits[i] = UInt8(48 + magnitude % 10); magnitude /= 10 }
            d.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<10]))
        }
    }
}
