import Foundation
import Domain

/// A small TOML parser covering what a project manifest needs: comments, bare / quoted / dotted
/// keys, `[table.headers]`, basic (with escapes) and literal strings, multi-line strings,
/// integers, floats, booleans, bare dates, arrays (over several lines, with comments and a
/// trailing comma) and inline tables. Duplicate keys and tables are errors. Errors are thrown as
/// `TargetingError` citing `file:line` and saying what was expected.
public enum TOML {
    public static func parse(_ text: String, file: String) throws -> TOMLTable {
        var p = TOMLParser(bytes: Array(text.utf8), file: file)
        return try p.document()
    }
}

struct TOMLParser {
    let b: [UInt8]
    let file: String
    var i = 0
    var line = 1
    /// Arrays and inline tables are parsed by recursion: without a bound, a corrupted or hostile
    /// file (thousands of '[') overflows the stack and kills the process. No manifest needs more
    /// than a few levels.
    static let maxNesting = 32
    var depth = 0

    init(bytes: [UInt8], file: String) {
        // A UTF-8 byte order mark (Windows Notepad) is not part of the text.
        self.b = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        self.file = file
    }

    func error(_ message: String, line l: Int? = nil, hint: String? = nil) -> TargetingError {
        TargetingError(message, at: SourceLocation(file: file, line: l ?? line), hint: hint)
    }

    var atEnd: Bool { i >= b.count }
    var peek: UInt8? { i < b.count ? b[i] : nil }
    func peek(_ k: Int) -> UInt8? { i + k < b.count ? b[i + k] : nil }

    /// What is at the cursor, for "found …" in messages.
    var foundDescription: String {
        guard let c = peek else { return "the end of the file" }
        if c == 10 || c == 13 { return "the end of the line" }
        var j = i
        while j < b.count, j - i < 20, b[j] != 10, b[j] != 13 { j += 1 }
        return "'" + String(decoding: b[i..<j], as: UTF8.self) + "'"
    }

    mutating func skipSpaces() { while let c = peek, c == 32 || c == 9 { i += 1 } }

    mutating func skipComment() {
        if peek == UInt8(ascii: "#") { while let c = peek, c != 10 { i += 1 } }
    }

    /// Spaces, comments and line breaks (inside arrays).
    mutating func skipBlankAndComments() throws {
        while true {
            skipSpaces(); skipComment()
            if peek == 10 { i += 1; line += 1; continue }
            if peek == 13, peek(1) == 10 { i += 2; line += 1; continue }
            return
        }
    }

    /// After a value or header: only spaces and a comment may follow on the line.
    mutating func endOfLine(after what: String) throws {
        skipSpaces(); skipComment()
        if atEnd { return }
        if peek == 10 { i += 1; line += 1; return }
        if peek == 13, peek(1) == 10 { i += 2; line += 1; return }
        throw error("expected the end of the line after \(what), found \(foundDescription)",
                    hint: "put one key = value per line; start comments with #")
    }

    // MARK: document

    mutating func document() throws -> TOMLTable {
        var root = TOMLTable(line: 0, origin: .root)
        var current: [String] = []
        while true {
            try skipBlankAndComments()
            guard let c = peek else { break }
            if c == UInt8(ascii: "[") {
                let headerLine = line
                if peek(1) == UInt8(ascii: "[") {
                    throw error("arrays of tables ([[…]]) are not used in a project manifest",
                                hint: "give each layer its own [layers.NAME] table")
                }
                i += 1; skipSpaces()
                let path = try key()
                skipSpaces()
                guard peek == UInt8(ascii: "]") else { throw error("expected ']' to close the table header, found \(foundDescription)") }
                i += 1
                try Self.defineTable(&root, path: path, line: headerLine, file: file)
                current = path
                try endOfLine(after: "the table header [\(path.joined(separator: "."))]")
            } else {
                let keyLine = line
                let path = try key()
                skipSpaces()
                guard peek == UInt8(ascii: "=") else {
                    throw error("expected '=' after the key '\(path.joined(separator: "."))', found \(foundDescription)",
                                hint: "write key = value; text values need quotes")
                }
                i += 1; skipSpaces()
                let value = try self.value()
                try Self.insert(&root, tablePath: current, keyPath: path, entry: TOMLEntry(value, line: keyLine), file: file)
                try endOfLine(after: "the value of '\(path.joined(separator: "."))'")
            }
        }
        return root
    }

    // MARK: keys

    static func isBare(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let c = peek else { throw error("expected a key, found the end of the file") }
            if c == 34 {
                parts.append(try basicString())
            } else if c == 39 {
                parts.append(try literalString())
            } else if Self.isBare(c) {
                let s = i
                while let d = peek, Self.isBare(d) { i += 1 }
                parts.append(String(decoding: b[s..<i], as: UTF8.self))
            } else {
                throw error("expected a key (letters, digits, _ or -, or a quoted name), found \(foundDescription)")
            }
            skipSpaces()
            if peek == UInt8(ascii: ".") {
                // Dotted keys become nested tables, built by recursion: bounded like arrays.
                guard parts.count < Self.maxNesting else {
                    throw error("the key has more than \(Self.maxNesting) dotted parts", hint: "a manifest key has only a few parts, like layers.dtm.path")
                }
                i += 1; continue
            }
            return parts
        }
    }

    // MARK: values

    mutating func value() throws -> TOMLValue {
        guard let c = peek else { throw error("expected a value, found the end of the file") }
        switch c {
        case 34:
            if peek(1) == 34, peek(2) == 34 { return .string(try multilineBasicString()) }
            return .string(try basicString())
        case 39:
            if peek(1) == 39, peek(2) == 39 { return .string(try multilineLiteralString()) }
            return .string(try literalString())
        case UInt8(ascii: "["): return try nested { try $0.array() }
        case UInt8(ascii: "{"): return try nested { try $0.inlineTable() }
        case 10, 13, UInt8(ascii: "#"):
            throw error("expected a value after '=', found \(foundDescription)")
        default: return try scalar()
        }
    }

    mutating func nested(_ body: (inout TOMLParser) throws -> TOMLValue) throws -> TOMLValue {
        guard depth < Self.maxNesting else {
            throw error("arrays and inline tables are nested more than \(Self.maxNesting) deep",
                        hint: "a manifest needs only a few levels; check for stray '[' or '{'")
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    mutating func array() throws -> TOMLValue {
        let openLine = line
        i += 1
        var items: [TOMLEntry] = []
        while true {
            try skipBlankAndComments()
            guard let c = peek else {
                throw error("the array opened on line \(openLine) is never closed with ']'", line: openLine)
            }
            if c == UInt8(ascii: "]") { i += 1; return .array(items) }
            let itemLine = line
            items.append(TOMLEntry(try value(), line: itemLine))
            try skipBlankAndComments()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
            if atEnd { throw error("the array opened on line \(openLine) is never closed with ']'", line: openLine) }
            throw error("expected ',' or ']' in the array opened on line \(openLine), found \(foundDescription)")
        }
    }

    mutating func inlineTable() throws -> TOMLValue {
        let openLine = line
        i += 1
        var table = TOMLTable(line: openLine, origin: .dotted)
        skipSpaces()
        if peek == UInt8(ascii: "}") { i += 1; table.origin = .inline; return .table(table) }
        while true {
            skipSpaces()
            let keyLine = line
            let path = try key()
            skipSpaces()
            guard peek == UInt8(ascii: "=") else { throw error("expected '=' after '\(path.joined(separator: "."))' in the inline table, found \(foundDescription)") }
            i += 1; skipSpaces()
            let v = try value()
            try Self.insert(&table, tablePath: [], keyPath: path, entry: TOMLEntry(v, line: keyLine), file: file)
            skipSpaces()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; table.origin = .inline; return .table(table) }
            throw error("expected ',' or '}' in the inline table opened on line \(openLine), found \(foundDescription)",
                        hint: "an inline table { … } must stay on one line")
        }
    }

    mutating func basicString() throws -> String {
        let openLine = line
        i += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek, c != 10, c != 13 else {
                throw error("the string opened on line \(openLine) is not closed on the same line", line: openLine,
                            hint: "close it with \"; use \"\"\" … \"\"\" for text over several lines")
            }
            if c == 34 { i += 1; break }
            if c == 92 { try escape(into: &out); continue }
            out.append(c); i += 1
        }
        return try text(out, openLine: openLine)
    }

    mutating func escape(into out: inout [UInt8]) throws {
        i += 1
        guard let e = peek else { throw error("a backslash ends the file") }
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case 34: out.append(34)
        case 92: out.append(92)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "u") ? 4 : 8
            guard i + n <= b.count, let v = UInt32(String(decoding: b[i..<i + n], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(v) else {
                throw error("\\\(e == UInt8(ascii: "u") ? "u" : "U") must be followed by \(n) hex digits of a Unicode character")
            }
            i += n
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error("unknown escape '\\\(String(UnicodeScalar(e)))' in a string",
                        hint: "Windows paths: use forward slashes, double the backslashes, or a 'literal string'")
        }
    }

    mutating func literalString() throws -> String {
        let openLine = line
        i += 1
        let s = i
        while true {
            guard let c = peek, c != 10, c != 13 else {
                throw error("the string opened on line \(openLine) is not closed on the same line", line: openLine, hint: "close it with '")
            }
            if c == 39 { break }
            i += 1
        }
        let out = Array(b[s..<i])
        i += 1
        return try text(out, openLine: openLine)
    }

    mutating func multilineBasicString() throws -> String {
        let openLine = line
        i += 3
        skipNewlineAfterOpening()
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw error("the \"\"\" string opened on line \(openLine) is never closed", line: openLine) }
            if c == 34, peek(1) == 34, peek(2) == 34 { i += 3; break }
            if c == 92 {
                // A backslash at the end of a line joins it with the next, dropping the whitespace.
                var j = i + 1
                while j < b.count, b[j] == 32 || b[j] == 9 { j += 1 }
                if j < b.count, b[j] == 10 || b[j] == 13 {
                    i = j
                    while let d = peek, d == 32 || d == 9 || d == 10 || d == 13 { if d == 10 { line += 1 }; i += 1 }
                    continue
                }
                try escape(into: &out); continue
            }
            if c == 10 { line += 1 }
            out.append(c); i += 1
        }
        return try text(out, openLine: openLine)
    }

    mutating func multilineLiteralString() throws -> String {
        let openLine = line
        i += 3
        skipNewlineAfterOpening()
        let s = i
        while true {
            guard let c = peek else { throw error("the ''' string opened on line \(openLine) is never closed", line: openLine) }
            if c == 39, peek(1) == 39, peek(2) == 39 { break }
            if c == 10 { line += 1 }
            i += 1
        }
        let out = Array(b[s..<i])
        i += 3
        return try text(out, openLine: openLine)
    }

    mutating func skipNewlineAfterOpening() {
        if peek == 10 { i += 1; line += 1 } else if peek == 13, peek(1) == 10 { i += 2; line += 1 }
    }

    func text(_ bytes: [UInt8], openLine: Int) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw error("the text is not valid UTF-8", line: openLine, hint: "save the manifest as UTF-8")
        }
        return s
    }

    /// Booleans, numbers and bare dates: read the token up to a separator, then classify it.
    mutating func scalar() throws -> TOMLValue {
        let s = i
        while let c = peek, Self.isBare(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":") { i += 1 }
        let token = String(decoding: b[s..<i], as: UTF8.self)
        if token.isEmpty { throw error("expected a value (a \"string\", number, true/false, [array] or { table }), found \(foundDescription)") }
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let d = ISODate(iso: token), token.utf8.count == 10 { return .date(d) }
        if let v = Self.integer(token) { return .integer(v) }
        if let v = Self.float(token) { return .float(v) }
        if token.first?.isLetter ?? false {
            throw error("expected a value, found the bare word '\(token)'", hint: "text values need quotes: \"\(token)\"")
        }
        throw error("'\(token)' is not a valid number, boolean or date",
                    hint: "numbers use a point for decimals and no thousands separator; dates are YYYY-MM-DD")
    }

    static func integer(_ t: String) -> Int? {
        var s = Substring(t)
        var sign = 1
        if s.first == "+" { s = s.dropFirst() } else if s.first == "-" { sign = -1; s = s.dropFirst() }
        var radix = 10
        if s.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) } else if s.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) } else if s.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
        guard validUnderscores(s) else { return nil }
        let digits = s.replacingOccurrences(of: "_", with: "")
        if radix == 10, digits.count > 1, digits.first == "0" { return nil }
        guard !digits.isEmpty, let v = Int(digits, radix: radix) else { return nil }
        return sign * v
    }

    static func float(_ t: String) -> Double? {
        guard validUnderscores(Substring(t)) else { return nil }
        let s = t.replacingOccurrences(of: "_", with: "")
        // TOML: digits on both sides of the point; an exponent needs digits.
        let allowed = s.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        guard allowed, !s.hasSuffix("."), !s.hasPrefix("."), !s.contains(".e"), !s.contains(".E") else { return nil }
        // No leading zeros in the integer part (TOML), so `012` is not read as twelve.
        let unsigned = s.drop { $0 == "+" || $0 == "-" }
        if unsigned.count > 1, unsigned.first == "0", unsigned.dropFirst().first?.isNumber ?? false { return nil }
        return Double(s)
    }

    /// Each underscore sits between two digits.
    static func validUnderscores(_ s: Substring) -> Bool {
        let a = Array(s.utf8)
        for (k, c) in a.enumerated() where c == UInt8(ascii: "_") {
            guard k > 0, k + 1 < a.count, isHexDigit(a[k - 1]), isHexDigit(a[k + 1]) else { return false }
        }
        return true
    }

    static func isHexDigit(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) }

    // MARK: building the tree

    /// `[a.b.c]`: intermediate tables are created implicitly; the last one must not exist yet
    /// unless it was only implied by an earlier header (`[a.b.c]` then `[a.b]` is allowed).
    static func defineTable(_ root: inout TOMLTable, path: [String], line: Int, file: String) throws {
        try descend(&root, path: path[...], file: file, line: line) { table, last in
            if let existing = table[last] {
                guard case .table(var t) = existing.value else {
                    throw TargetingError("table [\(path.joined(separator: "."))] clashes with the key '\(last)' set on line \(existing.line)",
                                         at: SourceLocation(file: file, line: line))
                }
                guard t.origin == .implicit else {
                    throw TargetingError("duplicate table [\(path.joined(separator: "."))] (first defined on line \(existing.line))",
                                         at: SourceLocation(file: file, line: line), hint: "merge the two tables into one")
                }
                t.origin = .header; t.line = line
                table.set(last, TOMLEntry(.table(t), line: line))
            } else {
                table.set(last, TOMLEntry(.table(TOMLTable(line: line, origin: .header)), line: line))
            }
        }
    }

    /// `a.b = v` inside the table at `tablePath`.
    static func insert(_ root: inout TOMLTable, tablePath: [String], keyPath: [String], entry: TOMLEntry, file: String) throws {
        let full = tablePath + keyPath
        try descend(&root, path: full[...], file: file, line: entry.line, dottedFrom: tablePath.count) { table, last in
            if let existing = table[last] {
                throw TargetingError("duplicate key '\(full.joined(separator: "."))' (first set on line \(existing.line))",
                                     at: SourceLocation(file: file, line: entry.line), hint: "remove or rename one of them")
            }
            table.set(last, entry)
        }
    }

    /// Walks to the table holding the last path component, creating intermediate tables, and
    /// applies `body` to it. Components at index ≥ `dottedFrom` are dotted keys of a key/value line.
    static func descend(_ table: inout TOMLTable, path: ArraySlice<String>, file: String, line: Int, dottedFrom: Int = Int.max, depth: Int = 0,
                        _ body: (inout TOMLTable, String) throws -> Void) throws {
        guard let head = path.first else { return }
        if path.count == 1 { try body(&table, head); return }
        let isDotted = depth >= dottedFrom
        var child: TOMLTable
        if let existing = table[head] {
            guard case .table(let t) = existing.value else {
                throw TargetingError("'\(head)' was set to a value on line \(existing.line) and cannot also be a table",
                                     at: SourceLocation(file: file, line: line))
            }
            if t.origin == .inline {
                throw TargetingError("the inline table '\(head)' (line \(existing.line)) cannot be extended",
                                     at: SourceLocation(file: file, line: line), hint: "write all its keys inside the { … }")
            }
            child = t
        } else {
            child = TOMLTable(line: line, origin: isDotted ? .dotted : .implicit)
        }
        let entryLine = table[head]?.line ?? line
        try descend(&child, path: path.dropFirst(), file: file, line: line, dottedFrom: dottedFrom, depth: depth + 1, body)
        table.set(head, TOMLEntry(.table(child), line: entryLine))
    }
}
