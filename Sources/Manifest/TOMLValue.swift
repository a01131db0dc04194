import Domain

/// A TOML value with the line it was written on, so that every manifest message cites `file:line`.
public struct TOMLEntry: Sendable, Equatable {
    public var value: TOMLValue
    public var line: Int
    public init(_ value: TOMLValue, line: Int) { self.value = value; self.line = line }
}

public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    /// A bare local date (`as_of = 2020-12-31`); dates may also be written as strings.
    case date(ISODate)
    case array([TOMLEntry])
    case table(TOMLTable)
}

/// A TOML table: keys in the order written, each with its value and line.
public struct TOMLTable: Sendable, Equatable {
    /// How the table came to exist; decides whether a later header or dotted key may extend it.
    enum Origin: Sendable, Equatable { case root, header, implicit, dotted, inline }

    public private(set) var keys: [String] = []
    private var entries: [String: TOMLEntry] = [:]
    /// The line of the table's header (or of the key that created it); 0 for the document root.
    public internal(set) var line: Int
    var origin: Origin

    init(line: Int, origin: Origin) { self.line = line; self.origin = origin }

    public subscript(key: String) -> TOMLEntry? { entries[key] }

    public var isEmpty: Bool { keys.isEmpty }

    /// Entries in the order they were written.
    public var orderedEntries: [(key: String, entry: TOMLEntry)] { keys.compactMap { k in entries[k].map { (k, $0) } } }

    mutating func set(_ key: String, _ entry: TOMLEntry) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = entry
    }
}
