import Domain

/// The one way a column is named anywhere (manifest, rules, schema): by its header name,
/// case-insensitively, or by its HXL tag (`#affected+idps+ind`, attributes in any order,
/// `+code` = `+pcode`) when the file had a hashtag row.
extension Table {
    public func column(named name: String) -> Int? {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        if wanted.hasPrefix("#"), let tag = HXLTag(wanted) {
            if let c = tags.firstIndex(where: { $0 == tag }) { return c }
            // A file whose header line itself is made of tags (no text header) is named by them too.
            if let c = header.firstIndex(where: { HXLTag($0) == tag }) { return c }
            return nil
        }
        if let c = header.firstIndex(of: wanted) { return c }
        let lower = wanted.lowercased()
        return header.firstIndex(where: { $0.lowercased() == lower })
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
        guard let c = column(named: name) else { throw columnNotFound(name, role: role) }
        return c
    }

    /// The closest candidate by edit distance, if it is close enough to be a plausible typo.
    static func nearest(to name: String, among candidates: [String]) -> String? {
        EditDistance.nearest(to: name, among: candidates.sorted())
    }
}
