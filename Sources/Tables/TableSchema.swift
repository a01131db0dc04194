import Domain

/// The roles of a table's columns when it becomes a `Layer`. Columns are named by header or by
/// HXL tag (see `Table.column(named:)`). Columns not named here are kept as text.
public struct TableSchema: Sendable {
    /// Parsed as numbers; an empty cell is `.null` unless the column is required.
    public var numbers: [String]
    /// Parsed with `DateSpelling`, numeric dates in the order `dateFormat` states or the column
    /// proves; an empty or missing cell is `.null` unless the column is required.
    public var dates: [String]
    /// Kept as text; named here so that a missing column is an error, not a surprise later.
    public var texts: [String]
    /// Columns whose empty cells reject the row (`missing-value`).
    public var required: [String]
    /// Coordinate columns (WGS 84 degrees) for a point layer; both or neither.
    public var longitude: String?
    public var latitude: String?

    /// The decimal mark of the number and coordinate columns; nil: decided from the cells (a
    /// comma that only a decimal comma explains, with no decimal point anywhere, is read and said).
    public var decimal: DecimalMark?
    /// How the date columns are written; nil: ISO, compact and named months are read as they are,
    /// and the day/month order of numeric dates is proved by the column's values or asked for.
    public var dateFormat: DateFormat?
    /// Cell texts (besides a blank cell) that mean "no value" in the number, date and coordinate
    /// columns, compared case-insensitively after trimming spaces.
    public var missing: [String]

    /// `n/a`, `NA`, `-`, `#N/A` (in any case): what spreadsheets and survey tools write for "no value".
    public static let defaultMissing = ["n/a", "na", "-", "#n/a"]

    public init(numbers: [String] = [], dates: [String] = [], texts: [String] = [], required: [String] = [],
                longitude: String? = nil, latitude: String? = nil,
                decimal: DecimalMark? = nil, dateFormat: DateFormat? = nil, missing: [String] = TableSchema.defaultMissing) {
        self.numbers = numbers; self.dates = dates; self.texts = texts; self.required = required
        self.longitude = longitude; self.latitude = latitude
        self.decimal = decimal; self.dateFormat = dateFormat; self.missing = missing
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
    /// How numbers and dates were read when the file did not say and the schema did not state it
    /// (decimal commas, the day/month order): one warning each, for the console and the report.
    public var formatNotes: [Diagnostic] = []
    /// Per number, date or coordinate column with missing cells: how many were blank and how many
    /// held a missing-value token. The row is kept; a sum skips the cell.
    public var missingCells: [MissingCellCount] = []
}

/// The missing cells of one typed column (blank, or a `missing` token such as `n/a`).
public struct MissingCellCount: Equatable, Sendable, CustomStringConvertible {
    public var column: String
    public var blank: Int
    public var token: Int
    public var total: Int { blank + token }
    public var description: String {
        var parts: [String] = []
        if blank > 0 { parts.append("\(blank) blank") }
        if token > 0 { parts.append("\(token) marked missing") }
        return "column '\(column)': \(total) missing (\(parts.joined(separator: ", ")))"
    }
}
