import Domain

/// The unit attributes a script names literally (`u.attr["POP_2017"]`, `u.attr.POP_2017`, any
/// `….attr[…]`: a table of the script's own called `attr` is not mistaken for the units'), with
/// their lines, so that a misspelt field is an error when the script loads rather than a value
/// missing for every unit. Names computed at run time are checked as the rules read them.
enum AttributeUses {
    static let patternTexts = [
        #"\.\s*attr\s*\[\s*"([^"\\]*)"\s*\]"#,
        #"\.\s*attr\s*\[\s*'([^'\\]*)'\s*\]"#,
        #"\.\s*attr\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)"#,
    ]

    static func find(in source: String) -> [(name: String, line: Int)] {
        var out: [(String, Int)] = []
        let patterns = patternTexts.map { try! Regex($0) }
        for (i, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = withoutComment(line)
            guard code.contains("attr") else { continue }
            for p in patterns {
                for m in code.matches(of: p) {
                    if let name = m.output[1].substring { out.append((String(name), i + 1)) }
                }
            }
        }
        return out.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    /// The line up to a `--` comment that is not inside a string.
    static func withoutComment(_ line: Substring) -> Substring {
        var quote: Character? = nil
        var previous: Character? = nil
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if let q = quote {
                if c == q && previous != "\\" { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "-" && previous == "-" {
                return line[..<line.index(before: index)]
            }
            previous = (previous == "\\" && c == "\\") ? nil : c
            index = line.index(after: index)
        }
        return line
    }

    static func hint(_ name: String, fields: [String]) -> String {
        let list = fields.prefix(20).joined(separator: ", ") + (fields.count > 20 ? ", …" : "")
        if let near = EditDistance.nearest(to: name, among: fields) { return "did you mean \(near)? (the units' fields: \(list))" }
        return fields.isEmpty ? "the units have no attribute fields" : "the units' fields: \(list)"
    }
}
