/// Plain geometry values, independent of GEOS: readers produce them, writers consume them, and
/// the Geometry module converts them to GEOS only where an operation needs it.
public struct Coordinate: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A closed ring: first coordinate equals last.
public typealias Ring = [Coordinate]

public struct Polygon: Hashable, Sendable {
    public var exterior: Ring
    public var holes: [Ring]
    public init(exterior: Ring, holes: [Ring] = []) { self.exterior = exterior; self.holes = holes }
}

public enum Shape: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lines([[Coordinate]])
    case polygons([Polygon])

    public var boundingBox: BoundingBox? {
        var b = BoundingBox.empty
        switch self {
        case .point(let c): b.add(c)
        case .multiPoint(let cs): cs.forEach { b.add($0) }
        case .lines(let ls): ls.forEach { $0.forEach { b.add($0) } }
        case .polygons(let ps): ps.forEach { $0.exterior.forEach { b.add($0) } }
        }
        return b.isEmpty ? nil : b
    }
}

public struct BoundingBox: Hashable, Sendable {
    public var minX, minY, maxX, maxY: Double
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }
    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
    public var isEmpty: Bool { minX > maxX }
    public mutating func add(_ c: Coordinate) {
        minX = Swift.min(minX, c.x); minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x); maxY = Swift.max(maxY, c.y)
    }
    public mutating func add(_ b: BoundingBox) {
        minX = Swift.min(minX, b.minX); minY = Swift.min(minY, b.minY)
        maxX = Swift.max(maxX, b.maxX); maxY = Swift.max(maxY, b.maxY)
    }
    public func contains(_ c: Coordinate) -> Bool { c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY }
    public func intersects(_ o: BoundingBox) -> Bool { !(o.minX > maxX || o.maxX < minX || o.minY > maxY || o.maxY < minY) }
}
