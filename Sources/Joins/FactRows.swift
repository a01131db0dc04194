import Domain

/// The input rows behind one fact, per unit: which rows made each unit's value and what each
/// row contributed, kept to at most `bound` rows per unit (the largest contributions first), with
/// the count and the total of the rows left out. So the listed values plus `restSum` add up to
/// the fact for counts, sums, latest rounds and per-10k facts.
///
/// A row is a feature index of `layer`; for facts about the unit itself (`area`, `attribute`)
/// `layer` is nil and the row is the unit's own boundary record (its index in the unit set).
public struct FactRows: Sendable {
    public struct Row: Sendable, Hashable {
        /// The feature index in the layer (or the unit index when the fact has no layer).
        public var feature: Int
        /// What the row added to the unit's value (NaN when the fact is nil for the unit, e.g. a
        /// per-10k fact of a unit without population).
        public var value: Double
        public init(feature: Int, value: Double) { self.feature = feature; self.value = value }
    }

    /// Which rows a unit lists first when it has more than the bound.
    public enum Order: Sendable {
        /// Largest contribution first, ties in file order (counts: file order).
        case largestFirst
        /// Smallest first (the row holding a minimum comes first).
        case smallestFirst
    }

    public var layer: String?
    public var bound: Int
    /// Per unit (unit order), the listed rows, at most `bound`.
    public var listed: [[Row]]
    /// Per unit, how many rows contributed (listed or not).
    public var total: [Int]
    /// Per unit, the sum of the contributions of the rows not listed.
    public var restSum: [Double]

    public init(layer: String?, bound: Int, listed: [[Row]], total: [Int], restSum: [Double]) {
        self.layer = layer; self.bound = bound; self.listed = listed; self.total = total; self.restSum = restSum
    }

    /// Rows not listed for unit `u`.
    public func more(_ u: Int) -> Int { total[u] - listed[u].count }

    /// Keeps the `bound` first rows of one unit in `order` (ties by feature index), and returns
    /// them with the sum of the others.
    static func keep(_ rows: [Row], bound: Int, order: Order) -> (listed: [Row], restSum: Double) {
        var rows = rows
        return rows.withUnsafeMutableBufferPointer { keepInPlace($0, bound: bound, order: order) }
    }

    /// `keep` on rows ordered where they lie (the caller's buffer is left with its first `bound`
    /// rows in `order`, the others after them).
    static func keepInPlace(_ rows: UnsafeMutableBufferPointer<Row>, bound: Int, order: Order) -> (listed: [Row], restSum: Double) {
        if rows.count > bound, let kept = keepByExactSelection(rows, bound: bound, order: order) { return kept }
        // NaN contributions (unknown) sort after every number, in file order; without any, the
        // comparison is the plain one. Either way the order is total (ties by feature), so any
        // sort gives the same rows in the same order.
        if rows.contains(where: { $0.value.isNaN }) {
            let before = { (a: Row, b: Row) -> Bool in
                if a.value.isNaN || b.value.isNaN { return a.value.isNaN == b.value.isNaN ? a.feature < b.feature : b.value.isNaN }
                if a.value != b.value { return order == .largestFirst ? a.value > b.value : a.value < b.value }
                return a.feature < b.feature
            }
            sortUnlessSorted(rows, by: before)
        } else if order == .largestFirst {
            sortUnlessSorted(rows) { a, b in a.value > b.value || (a.value == b.value && a.feature < b.feature) }
        } else {
            sortUnlessSorted(rows) { a, b in a.value < b.value || (a.value == b.value && a.feature < b.feature) }
        }
        let listed = Array(rows.prefix(bound))
        var rest = 0.0
        for r in rows.dropFirst(bound) where !r.value.isNaN { rest += r.value }
        return (listed, rest)
    }

    /// `keepInPlace` when the rows past the bound need not be ordered: every value a whole number
    /// and their magnitudes adding up to less than 2^53 (tested on a sum that is itself exact
    /// until it reaches 2^53, and never falls back below it), so every partial sum is a whole number a
    /// Double holds exactly, and any order of adding gives the same bits (never -0: the sum starts
    /// at +0, and a sum that cancels to zero is +0). The first `bound` rows are then selected
    /// (quickselect) and only they sorted. Nil otherwise (NaN, fractions, huge values): the caller
    /// sorts all the rows, whose order then decides the sum's rounding. The buffer is left with the
    /// listed rows first, in order, and the others after them in no particular order.
    private static func keepByExactSelection(_ rows: UnsafeMutableBufferPointer<Row>, bound: Int,
                                             order: Order) -> (listed: [Row], restSum: Double)? {
        var magnitude = 0.0
        for r in rows {
            // False for NaN; an infinity passes here and fails the magnitude test below.
            guard r.value == r.value.rounded(.towardZero) else { return nil }
            magnitude += abs(r.value)
        }
        guard magnitude < 9_007_199_254_740_992 else { return nil }
        if order == .largestFirst {
            selectFirst(rows, bound) { a, b in a.value > b.value || (a.value == b.value && a.feature < b.feature) }
        } else {
            selectFirst(rows, bound) { a, b in a.value < b.value || (a.value == b.value && a.feature < b.feature) }
        }
        var rest = 0.0
        for r in rows[bound...] { rest += r.value }
        return (Array(rows[..<bound]), rest)
    }

    /// Puts the `k` first rows by `before` (a strict total order) in `rows[..<k]`, in order,
    /// the others after them: a quickselect (`QuickSelect`), then a sort of
    /// the first `k`; nothing moved when the rows are in order already (a count's 1s in file
    /// order). `k` is less than `rows.count`.
    @inline(__always)
    private static func selectFirst(_ rows: UnsafeMutableBufferPointer<Row>, _ k: Int, by before: (Row, Row) -> Bool) {
        if isInOrder(rows, by: before) { return }
        // The row at `k` is the first left out: everything before it is listed.
        QuickSelect.partition(rows, nth: k, by: before)
        var first = UnsafeMutableBufferPointer(rebasing: rows[..<k])
        first.sort(by: before)
    }

    /// Rows often come in order already (a count's rows are all 1, in file order): with a total
    /// order, rows with no pair out of order are the sorted rows.
    @inline(__always)
    private static func sortUnlessSorted(_ rows: UnsafeMutableBufferPointer<Row>, by before: (Row, Row) -> Bool) {
        if !isInOrder(rows, by: before) { var buffer = rows; buffer.sort(by: before) }  // sorts the memory `rows` points to
    }

    @inline(__always)
    private static func isInOrder(_ rows: UnsafeMutableBufferPointer<Row>, by before: (Row, Row) -> Bool) -> Bool {
        var k = 1
        while k < rows.count && !before(rows[k], rows[k - 1]) { k += 1 }
        return k >= rows.count
    }

    /// Collects (unit, row, contribution) triples in any order, then bounds them per unit.
    struct Builder {
        var units: [Int32] = []
        var rows: [Row] = []
        let unitCount: Int

        init(unitCount: Int) { self.unitCount = unitCount }

        /// Rows and their units (`units[k]` is the unit of `rows[k]`), already collected.
        init(unitCount: Int, rows: [Row], units: [Int32]) {
            precondition(rows.count == units.count, "one unit per row")
            self.unitCount = unitCount; self.rows = rows; self.units = units
        }

        mutating func add(unit: Int, feature: Int, value: Double) {
            units.append(Int32(unit)); rows.append(Row(feature: feature, value: value))
        }

        func finish(layer: String?, bound: Int, order: Order = .largestFirst) -> FactRows {
            if let streamed = finishInFileOrder(layer: layer, bound: bound) { return streamed }
            // Counting sort by unit: one pass to count, one to place; then each unit's slice is bounded.
            var start = [Int](repeating: 0, count: unitCount + 1)
            for u in units { start[Int(u) + 1] += 1 }
            for u in 0 ..< unitCount { start[u + 1] += start[u] }
            var next = start
            var grouped = [Row](unsafeUninitializedCapacity: rows.count) { buffer, initialized in
                for (k, u) in units.enumerated() { buffer[next[Int(u)]] = rows[k]; next[Int(u)] += 1 }
                initialized = rows.count
            }
            // Each unit's rows are sorted in place and bounded on their own: units in chunks on
            // every core, each chunk sorting only its own units' slices.
            let kept = grouped.withUnsafeMutableBufferPointer { all in
                let base = UncheckedSendable(all)
                return Parallel.flatMap(unitCount, minimum: 1_000) { units in
                    units.map { u in
                        FactRows.keepInPlace(UnsafeMutableBufferPointer(rebasing: base.value[start[u] ..< start[u + 1]]),
                                             bound: bound, order: order)
                    }
                }
            }
            return FactRows(layer: layer, bound: bound, listed: kept.map(\.listed),
                            total: (0 ..< unitCount).map { start[$0 + 1] - start[$0] }, restSum: kept.map(\.restSum))
        }

        /// When every row adds the same number (a count's 1s) and the rows come by ascending
        /// feature, each unit's rows are already in order: its first `bound` rows are listed as
        /// they come and the others summed, in one pass without grouping. Nil otherwise.
        private func finishInFileOrder(layer: String?, bound: Int) -> FactRows? {
            guard let first = rows.first, !first.value.isNaN else { return nil }
            var previous = -1
            for r in rows {
                guard r.value == first.value, r.value.sign == first.value.sign, r.feature > previous else { return nil }
                previous = r.feature
            }
            // Each unit's first `bound` rows go to one flat array (a unit's slots after the
            // previous unit's), then become the unit's list: no array grown per unit.
            var total = [Int](repeating: 0, count: unitCount), rest = [Double](repeating: 0, count: unitCount)
            for u in units { total[Int(u)] += 1 }
            var start = [Int](repeating: 0, count: unitCount + 1)
            for u in 0 ..< unitCount { start[u + 1] = start[u] + min(total[u], bound) }
            var next = start
            var flat = [Row](repeating: Row(feature: 0, value: 0), count: start[unitCount])
            for (k, u32) in units.enumerated() {
                let u = Int(u32)
                if next[u] < start[u + 1] { flat[next[u]] = rows[k]; next[u] += 1 } else { rest[u] += rows[k].value }
            }
            let listed = (0 ..< unitCount).map { Array(flat[start[$0] ..< start[$0 + 1]]) }
            return FactRows(layer: layer, bound: bound, listed: listed, total: total, restSum: rest)
        }
    }
}
