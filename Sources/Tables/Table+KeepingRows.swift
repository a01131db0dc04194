import Domain

extension Table {
    /// The same table with only the given rows (indices in ascending order), for a manifest's
    /// `where` filter: applied before the rows are typed, so that a row filtered out is neither
    /// read nor counted as rejected. Rows rejected while reading (ragged, bad quoting) have no
    /// cells to filter on and stay counted.
    public func keepingRows(_ rows: [Int]) -> Table {
        let n = columnCount
        var starts: [UInt32] = [], ends: [UInt32] = []
        starts.reserveCapacity(rows.count * n); ends.reserveCapacity(rows.count * n)
        for r in rows {
            starts.append(contentsOf: cellStarts[(r * n)..<(r * n + n)])
            ends.append(contentsOf: cellEnds[(r * n)..<(r * n + n)])
        }
        return Table(path: path, encoding: encoding, delimiter: delimiter, header: header, tags: tags,
                     hashtagRowLine: hashtagRowLine, diagnostics: diagnostics, rejectedRowCount: rejectedRowCount,
                     blankLineCount: blankLineCount, bytes: bytes, rowLines: rows.map { rowLines[$0] },
                     cellStarts: starts, cellEnds: ends)
    }
}
