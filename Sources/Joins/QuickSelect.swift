/// Hoare's quickselect with median-of-three pivots, shared by the geodesic index (medians of its
/// tree's slices) and the fact rows (the rows a unit lists): a partial order in place, without the
/// cost of a sort.
enum QuickSelect {
    /// Reorders `items` so that `items[nth]` is the item a sort by `before` (a strict total order)
    /// would put there, the items before it sorting before it and the items after it after.
    @inline(__always)
    static func partition<T>(_ items: UnsafeMutableBufferPointer<T>, nth: Int, by before: (T, T) -> Bool) {
        var lo = 0, hi = items.count - 1
        while lo < hi {
            let m = lo + (hi - lo) / 2
            // Median of three at `m`, the smallest at `lo`, the largest at `hi`.
            if before(items[m], items[lo]) { items.swapAt(m, lo) }
            if before(items[hi], items[lo]) { items.swapAt(hi, lo) }
            if before(items[hi], items[m]) { items.swapAt(hi, m) }
            let pivot = items[m]
            var i = lo, j = hi
            while i <= j {
                while before(items[i], pivot) { i += 1 }
                while before(pivot, items[j]) { j -= 1 }
                if i <= j { items.swapAt(i, j); i += 1; j -= 1 }
            }
            if nth <= j { hi = j } else if nth >= i { lo = i } else { return }
        }
    }
}
