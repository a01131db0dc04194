/// Levenshtein distance between names, case-insensitive, for every "did you mean" the tool
/// gives: misspelt manifest keys and columns, unmatched place names, unknown zone codes.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The nearest candidate when it is close enough to be a typo (at most 2 edits, or a third
    /// of the word); ties go to the first in the order given.
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = between(word, c)
            if let b = best, d >= b.1 { continue }
            best = (c, d)
        }
        guard let (name, d) = best, d <= Swift.max(2, word.count / 3) else { return nil }
        return name
    }

    /// The `count` closest candidates, ties in the order given (sort the candidates first for a
    /// stable order), with their distances.
    public static func closest(to word: String, among candidates: [String], count: Int) -> [(name: String, distance: Int)] {
        let scored = candidates.enumerated().map { (i: $0.offset, name: $0.element, d: between(word, $0.element)) }
        return scored.sorted { $0.d != $1.d ? $0.d < $1.d : $0.i < $1.i }.prefix(count).map { ($0.name, $0.d) }
    }
}
