/// A column a manifest names, with what it is for and the manifest line naming it, so a loader can
/// check it against the real file and point the GIS officer at the line to fix.
public struct FieldRef: Hashable, Sendable, CustomStringConvertible {
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case id, name, population, parent, date, key, numbers, longitude, latitude
        /// A column a `where` filter tests.
        case `where`
    }
    public var role: Role
    /// The column as written: a header name (matched case-insensitively) or an HXL tag.
    public var name: String
    /// The manifest line that names it (for defaults such as `longitude`, the layer's header line).
    public var line: Int
    public init(role: Role, name: String, line: Int) { self.role = role; self.name = name; self.line = line }
    public var description: String { "\(name) (role \(role.rawValue), line \(line))" }
}

/// A path from the manifest: as written, resolved against the manifest's folder, and where.
public struct ManifestPath: Hashable, Sendable, CustomStringConvertible {
    public var written: String
    /// Absolute and standardised (`..` removed).
    public var resolved: String
    public var line: Int
    public init(written: String, resolved: String, line: Int) { self.written = written; self.resolved = resolved; self.line = line }
    public var description: String { resolved }
    /// Lower-cased extension without the dot ("csv", "shp").
    public var fileExtension: String {
        guard let dot = resolved.lastIndex(of: "."), !resolved[dot...].contains("/") else { return "" }
        return resolved[resolved.index(after: dot)...].lowercased()
    }
}
