/// Where a date column's values come from, for the messages of its day/month order decision: a
/// CSV or workbook column (values found by line) or a shapefile/GDAL field (found by record).
public struct DateColumnSource: Sendable {
    public enum Position: String, Sendable { case line, record }
    /// The file read.
    public var file: String
    /// The column's or field's name as the file spells it.
    public var name: String
    /// Whether the values' numbers are lines or records.
    public var position: Position
    /// The manifest place named in hints: "this layer", or "[layers.x] at project.toml".
    public var layer: String

    public init(file: String, name: String, position: Position, layer: String) {
        self.file = file
        self.name = name
        self.position = position
        self.layer = layer
    }

    var noun: String { position == .line ? "column" : "field" }

    func location(_ n: Int) -> SourceLocation {
        position == .line ? SourceLocation(file: file, line: n) : SourceLocation(file: file, record: n)
    }
}

extension DateColumnOrder {
    /// The one place that decides the day/month order of a column's numeric dates, for every reader:
    /// the stated `date_format`, else the order the values prove (said in a `date-order` warning);
    /// throws when the values prove no order or both, since either reading could swap every date.
    /// `values`: each distinct cell text with the line or record it first appears on, in file order
    /// (asked only when no format is stated).
    public static func decide(stated: DateFormat?, values: () -> [(text: String, line: Int)],
                              in source: DateColumnSource) throws -> (DateOrder?, Diagnostic?) {
        if let stated { return (stated.order, nil) }
        let column = "\(source.noun) '\(source.name)'"
        let bothOrders = "date_format = \"DD/MM/YYYY\" or date_format = \"MM/DD/YYYY\""
        switch detect(values()) {
        case .notNeeded:
            return (nil, nil)
        case .proven(let order, let example, let n):
            let which = order == .dayFirst ? "day first" : "month first"
            let part = order == .dayFirst ? "the first part" : "the second part"
            return (order, Diagnostic(.warning, source.location(n), code: .dateOrder,
                                      "\(column): numeric dates read as \(order.rawValue) (\(which)): in '\(example)' \(part) is above 12, so it is the day",
                                      hint: "set date_format = \"\(order.rawValue)\" for \(source.layer) to state it"))
        case .undecidable(let example, let n, let count):
            throw TargetingError("\(column): the day/month order of dates such as '\(example)' cannot be decided: none of the \(count) distinct date\(count == 1 ? "" : "s") written with numbers has a part above 12, so each could be read either way",
                                 at: source.location(n),
                                 hint: "set \(bothOrders) for \(source.layer)")
        case .contradictory(let d, let dAt, let m, let mAt):
            let at = source.position.rawValue
            throw TargetingError("\(column) mixes day-first dates ('\(d)', \(at) \(dAt)) and month-first dates ('\(m)', \(at) \(mAt)): its day/month order cannot be decided",
                                 at: source.location(max(dAt, mAt)),
                                 hint: "write every date one way (YYYY-MM-DD is safest), or set date_format = \"DD/MM/YYYY\" or \"MM/DD/YYYY\" for \(source.layer): dates not in that order are then reported row by row")
        }
    }
}
