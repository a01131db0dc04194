/// Tells whether a rule function (an indicator's value, a gate, an exclusion rule, a cost) is the
/// same code in two scripts. The method records only where a function starts ("function at
/// file:line"), so the code compared is the text from that line to the end of the top-level
/// declaration holding it (up to its closing brace at column 0, or the next declaration). This errs loud: an edit
/// elsewhere in the same declaration also counts as a change of the function, never the reverse.
public struct RuleFunctionCode: Sendable {
    let linesA: [Substring]?
    let linesB: [Substring]?

    /// Without the texts, functions starting at the same line are taken as the same.
    public init(scriptA: String?, scriptB: String?) {
        linesA = scriptA.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        linesB = scriptB.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    /// The line of "function at file:line" (nil for any other source text).
    static func line(ofSource text: String) -> Int? {
        guard text.hasPrefix("function at "), let colon = text.lastIndex(of: ":") else { return nil }
        return Int(text[text.index(after: colon)...])
    }

    /// Same code (or the same line when the texts are unknown).
    func same(lineA: Int?, lineB: Int?) -> Bool {
        guard let lineA, let lineB else { return lineA == lineB }
        guard let a = linesA, let b = linesB else { return lineA == lineB }
        return block(a, from: lineA) == block(b, from: lineB)
    }

    /// Two source texts ("fact x", "function at f:12", an attribute name) naming the same thing.
    func sameSource(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, let la = Self.line(ofSource: a), let lb = Self.line(ofSource: b) else { return a == b }
        return same(lineA: la, lineB: lb)
    }

    func block(_ lines: [Substring], from line: Int) -> [Substring] {
        guard line >= 1, line <= lines.count else { return [] }
        var out = [lines[line - 1]]
        for l in lines[line...] {
            if let first = l.first, !first.isWhitespace {
                // The closing brace of the declaration is part of it; a new declaration is not.
                if first == "}" || first == ")" { out.append(l) }
                break
            }
            out.append(l)
        }
        return out
    }
}
