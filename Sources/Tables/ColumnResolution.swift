import Domain

/// The one way a column is named anywhere (manifest, rules, schema): by its header name,
/// case-insensitively, or by its HXL tag (`#affected+idps+ind`, attributes in any order,
/// `+code` = `+pcode`) when the file had a hashtag row.
extension Table {
    public func column(named name: String) -> Int? { columns(named: name).first }

    /// Every column `name` designates (same rule as `column(named:)`); two or more is ambiguous.
    public func columns(named name: String) -> [Int] {
        ColumnLookup.matches(name, count: header.count, header: { header[$0] }, tag: { $0 < tags.count ? tags[$0] : nil })
    }

    /// The error for a name that designates several columns: using the first would be a silent guess.
    public func ambiguousColumn(_ name: String, _ matches: [Int], role: String? = nil) -> TargetingError {
        let listed = matches.map { "'\(header[$0])' (column \($0 + 1))" }.joined(separator: " and ")
        var message = "'\(name)'"
        if let r = role { message += " (wanted as \(r))" }
        message += " names \(matches.count) columns: \(listed)"
        return TargetingError(message, at: SourceLocation(file: path, line: 1),
                              hint: "name the column by its header instead of its tag, or remove the extra column (or give it another tag or header)")
    }

    /// Every name a column can be called by: header names, then tags (for messages).
    public var availableColumnNames: [String] {
        header + tags.compactMap { $0?.description }
    }

    /// The error for a column that is not there: lists what the file has, suggests the nearest.
    /// `role` says what the column was wanted for (e.g. "numbers", "longitude").
    public func columnNotFound(_ name: String, role: String? = nil) -> TargetingError {
        let listed = (0..<header.count).map { displayName(ofColumn: $0) }.joined(separator: ", ")
        var message = "no column '\(name)'"
        if let r = role { message += " (wanted as \(r))" }
        message += "; the file has: \(listed)"
        if name.hasPrefix("#"), !hasHashtagRow { message += "; it has no HXL hashtag row, so tags cannot be used" }
        let hint = Table.nearest(to: name, among: availableColumnNames).map { "did you mean '\($0)'?" }
            ?? "name a column by its header (any case) or by its HXL tag"
        return TargetingError(message, at: SourceLocation(file: path, line: 1), hint: hint)
    }

    /// Resolves a column or throws `columnNotFound`.
    public func requireColumn(named name: String, role: String? = nil) throws -> Int {
        let matches = columns(named: name)
        guard let c = matches.first else { throw columnNotFound(name, role: role) }
        if matches.count > 1 { throw ambiguousColumn(name, matches, role: role) }
        return c
    }

    /// The closest candidate by edit distance, if it is close enough to be a plausible typo.
    static func nearest(to name: String, among candidates: [String]) -> String? {
        EditDistance.nearest(to: name, among: candidates.sorted())
    }
}
