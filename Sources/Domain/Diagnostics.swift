/// Where something was found: a file, and within it a line (CSV, TOML, Lua) or a record (DBF/SHP).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// `line` and `record` are kept as 32-bit integers, `Int32.min` standing for nil: every
    /// feature of a million-row table holds a location, so it is 24 bytes (an optional integer
    /// takes 16) and a feature 64. Tables count their lines in 32 bits, and a DBF its records:
    /// no input has a line or record number beyond 32 bits (such a number would be kept as
    /// `Int32.max`).
    private var lineNumber: Int32
    private var recordNumber: Int32
    public var line: Int? {
        get { lineNumber == Int32.min ? nil : Int(lineNumber) }
        set { lineNumber = Self.stored(newValue) }
    }
    public var record: Int? {
        get { recordNumber == Int32.min ? nil : Int(recordNumber) }
        set { recordNumber = Self.stored(newValue) }
    }
    public init(file: String, line: Int? = nil, record: Int? = nil) {
        self.file = file; lineNumber = Self.stored(line); recordNumber = Self.stored(record)
    }
    private static func stored(_ n: Int?) -> Int32 {
        guard let n else { return Int32.min }
        return Int32(clamping: Swift.max(n, -Int(Int32.max)))
    }
    public var description: String {
        if let l = line { return "\(file):\(l)" }
        if let r = record { return "\(file): record \(r)" }
        return file
    }
}

/// A problem found in the input. Warnings are counted and reported with the run; errors stop it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }
    public var severity: Severity
    public var location: SourceLocation
    /// A short stable code for grouping in reports (`bad-number`, `null-shape`, `outside-units`…),
    /// one of the registry `DiagnosticCode`.
    public var code: DiagnosticCode
    public var message: String
    /// What the user can do about it.
    public var hint: String?
    /// The row it is about was dropped (a bad number, date or coordinate, a ragged row, a bad
    /// quote): data health counts rejected rows by this, whatever the message says.
    public var rejectsRow: Bool
    public init(_ severity: Severity, _ location: SourceLocation, code: DiagnosticCode, _ message: String, hint: String? = nil,
                rejectsRow: Bool = false) {
        self.severity = severity; self.location = location; self.code = code; self.message = message; self.hint = hint
        self.rejectsRow = rejectsRow
    }
    public var description: String {
        var s = "\(location): \(severity.rawValue): \(message)"
        if let h = hint { s += " (\(h))" }
        return s
    }
}

/// The error every module throws for bad input: what, where, and what to do. The command line
/// prints `description` and exits non-zero.
public struct TargetingError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String
    public var hint: String?
    public init(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.message = message; self.location = location; self.hint = hint
    }
    public var description: String {
        var s = location.map { "\($0): \(message)" } ?? message
        if let h = hint { s += "\n  hint: \(h)" }
        return s
    }
}
