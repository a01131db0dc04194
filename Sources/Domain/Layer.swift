/// A feature: one record of a layer, with its 1-based record number (DBF record, or CSV line)
/// so that every report can point back at the source.
public struct Feature: Sendable {
    public var location: SourceLocation
    public var shape: Shape?
    public var values: [Value]
    public init(location: SourceLocation, shape: Shape?, values: [Value]) {
        self.location = location; self.shape = shape; self.values = values
    }
}

/// A layer read into memory: its schema, features and everything the reader noticed.
public struct Layer: Sendable {
    public var path: String
    public var fields: [FieldSchema]
    public var features: [Feature]
    public var diagnostics: [Diagnostic]
    /// The HXL hashtag of each field, when the table had a hashtag row (else empty).
    public var tags: [HXLTag?]
    public init(path: String, fields: [FieldSchema], features: [Feature], diagnostics: [Diagnostic] = [], tags: [HXLTag?] = []) {
        self.path = path; self.fields = fields; self.features = features; self.diagnostics = diagnostics; self.tags = tags
    }

    /// Field lookup is case-insensitive (COD-AB files say `validTo` or `ValidTo`); HXL tags may be
    /// used wherever a column name is, when the table had a hashtag row (see `Tables`).
    public func fieldIndex(_ name: String) -> Int? {
        if let i = fields.firstIndex(where: { $0.name == name }) { return i }
        let lower = name.lowercased()
        if let i = fields.firstIndex(where: { $0.name.lowercased() == lower }) { return i }
        if let tag = HXLTag(name) { return tags.firstIndex(where: { $0 == tag }) }
        return nil
    }
}
