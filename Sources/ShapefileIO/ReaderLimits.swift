/// Bounds on what a reader accepts, so that a huge or lying file gives a clear message instead
/// of exhausting memory or time.
public struct ShapefileLimits: Sendable, Hashable {
    /// Largest .shp or .dbf accepted, in bytes.
    public var maxFileBytes: Int
    /// Largest number of records accepted.
    public var maxRecords: Int
    public init(maxFileBytes: Int = 2_000_000_000, maxRecords: Int = 5_000_000) {
        self.maxFileBytes = maxFileBytes; self.maxRecords = maxRecords
    }
    public static let standard = ShapefileLimits()
}
