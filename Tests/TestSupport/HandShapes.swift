import Domain

/// Hand-made squares for boundary tests, written as the shapefile reader gives rings: clockwise
/// exteriors, counter-clockwise holes. Shared by the coverage proof's tests and the boundary
/// review's, so that both judge the very same shapes.
public enum HandShapes {
    /// The square [x0, x1] × [y0, y1] as a clockwise ring.
    public static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring {
        [Coordinate(x0, y0), Coordinate(x0, y1), Coordinate(x1, y1), Coordinate(x1, y0), Coordinate(x0, y0)]
    }
    /// A one-polygon unit: that square, with `holes` (given clockwise, stored reversed).
    public static func unit(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, holes: [Ring] = []) -> [Polygon] {
        [Polygon(exterior: square(x0, y0, x1, y1), holes: holes.map { Array($0.reversed()) })]
    }
    /// A 3 × 3 grid of 0.1° squares, optionally without its middle one.
    public static func grid(middle: Bool = true) -> [[Polygon]] {
        var units: [[Polygon]] = []
        for row in 0 ..< 3 { for col in 0 ..< 3 where middle || !(row == 1 && col == 1) {
            units.append(unit(Double(col) * 0.1, Double(row) * 0.1, Double(col + 1) * 0.1, Double(row + 1) * 0.1))
        } }
        return units
    }
}
