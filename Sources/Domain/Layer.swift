/// A feature: one record of a layer, with its 1-based record number (DBF record, or CSV line)
/// so that every report can point back at the source.
public struct Feature: Sendable {
    public var location: SourceLocation
    public var shape: Shape?
    public var values: ValueRow
    public init(location: SourceLocation, shape: Shape?, values: ValueRow) {
        self.location = location; self.shape = shape; self.values = values
    }
    public init(location: SourceLocation, shape: Shape?, values: [Value]) {
        self.init(location: location, shape: shape, values: ValueRow(values))
    }
}

/// A layer read into memory: its schema, features and everything the reader noticed.
public struct Layer: Sendable {
    public var path: String
    public var fields: [FieldSchema]
    public var features: Features
    public var diagnostics: [Diagnostic]
    /// The HXL hashtag of each field, when the table had a hashtag row (else empty).
    public var tags: [HXLTag?]
    /// Rows a table reader rejected (a bad number, say), with the cells it could read and null for
    /// the others: not used for facts, but a fact taking a unit's latest round must know that the
    /// latest round exists even when its value is unreadable (else it would fall back to an older one).
    public var rejectedFeatures: [Feature] = []
    public init(path: String, fields: [FieldSchema], features: Features, diagnostics: [Diagnostic] = [], tags: [HXLTag?] = []) {
        self.path = path; self.fields = fields; self.features = features; self.diagnostics = diagnostics; self.tags = tags
    }
    public init(path: String, fields: [FieldSchema], features: [Feature], diagnostics: [Diagnostic] = [], tags: [HXLTag?] = []) {
        self.init(path: path, fields: fields, features: Features(features), diagnostics: diagnostics, tags: tags)
    }

    /// Field lookup is case-insensitive (COD-AB files say `validTo` or `ValidTo`); HXL tags may be
    /// used wherever a column name is, when the table had a hashtag row (see `Tables`).
    public func fieldIndex(_ name: String) -> Int? { fieldMatches(name).first }

    /// Every field `name` designates, by the rule a CSV table's columns follow (`ColumnLookup`).
    /// More than one is an ambiguous reference (two columns with one tag or header).
    public func fieldMatches(_ name: String) -> [Int] {
        ColumnLookup.matches(name, count: fields.count, header: { fields[$0].name }, tag: { $0 < tags.count ? tags[$0] : nil })
    }
}
