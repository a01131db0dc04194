/// The text of a live count on a terminal, for a step that runs long enough to wonder about:
/// `reading points.csv: 412,000 of 1,000,000 rows · 205,000 rows/s · about 3 s left`.
/// Pure, so that its format is tested without a terminal.
public enum ProgressLine {
    public static func text(_ what: String, done: Int, total: Int, unit: String, elapsed: Double) -> String {
        var s = "\(what): \(grouped(done)) of \(grouped(total)) \(unit)"
        guard elapsed > 0, done > 0 else { return s }
        let rate = Double(done) / elapsed
        s += " · \(grouped(Int(rate.rounded()))) \(unit)/s"
        if done < total {
            let left = Double(total - done) / rate
            s += " · about \(duration(left)) left"
        }
        return s
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// Whole seconds under two minutes (at least 1 s), then minutes and seconds.
    static func duration(_ seconds: Double) -> String {
        let s = max(1, Int(seconds.rounded(.up)))
        return s < 120 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }
}
