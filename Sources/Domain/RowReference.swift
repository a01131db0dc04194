/// One input row that a number came from: the file and line (CSV) or record (shapefile), and the
/// row's own id and date when its layer has them (an ACLED `event_id_cnty`, a DTM round), so a
/// planner can find the row in the file and in the source's own tools.
public struct RowReference: Hashable, Sendable {
    public var location: SourceLocation
    /// The column the id was read from, as the file names it (e.g. `event_id_cnty`, `Round`).
    public var idField: String?
    public var id: String?
    public var date: ISODate?
    public init(location: SourceLocation, idField: String? = nil, id: String? = nil, date: ISODate? = nil) {
        self.location = location; self.idField = idField; self.id = id; self.date = date
    }

    /// `acled_kasai.csv:1234 (event_id_cnty DRC11373, 2020-12-30)`: the file's name only, for prose.
    public var shortDescription: String {
        let name = location.file.split(separator: "/").last.map(String.init) ?? location.file
        var s = location.line.map { "\(name):\($0)" } ?? location.record.map { "\(name) record \($0)" } ?? name
        let extra = [id.map { "\(idField ?? "id") \($0)" }, date.map(\.description)].compactMap { $0 }
        if !extra.isEmpty { s += " (" + extra.joined(separator: ", ") + ")" }
        return s
    }
}
