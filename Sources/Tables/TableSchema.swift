import Domain

/// The roles of a table's columns when it becomes a `Layer`. Columns are named by header or by
/// HXL tag (see `Table.column(named:)`). Columns not named here are kept as text.
public struct TableSchema: Sendable {
    /// Parsed as numbers; an empty cell is `.null` unless the column is required.
    public var numbers: [String]
    /// Parsed with `ISODate(parsing:)`; an empty cell is `.null` unless the column is required.
    public var dates: [String]
    /// Kept as text; named here so that a missing column is an error, not a surprise later.
    public var texts: [String]
    /// Columns whose empty cells reject the row (`missing-value`).
    public var required: [String]
    /// Coordinate columns (WGS 84 degrees) for a point layer; both or neither.
    public var longitude: String?
    public var latitude: String?

    public init(numbers: [String] = [], dates: [String] = [], texts: [String] = [], required: [String] = [],
                longitude: String? = nil, latitude: String? = nil) {
        self.numbers = numbers; self.dates = dates; self.texts = texts; self.required = required
        self.longitude = longitude; self.latitude = latitude
    }

    public var isPointLayer: Bool { longitude != nil || latitude != nil }
}

/// A layer built from a table, with the count of every row read so none goes unaccounted for:
/// `rowsRead == rowsKept + rowsRejected`.
public struct TableLayer: Sendable {
    public var layer: Layer
    /// Data rows in the file (hashtag row and blank lines excluded), including rows rejected while
    /// reading (`Table.rejectedRowCount`), so `rowsRead == rowsKept + rowsRejected`.
    public var rowsRead: Int
    public var rowsKept: Int
    public var rowsRejected: Int
    /// The HXL tag of each layer field (same order as `layer.fields`), nil where none; the same as
    /// `layer.tags` when the file had a hashtag row.
    public var fieldTags: [HXLTag?]
    public var encoding: EncodingChoice
}
