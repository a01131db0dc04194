/// Least-significant-digit radix sort of 64-bit keys, 11 bits per pass, only over the low `bits`
/// bits that can be set: a few linear passes instead of a comparison sort's n log n.
public enum RadixSort {
    public static func sort(_ keys: inout [UInt64], bits: Int) {
        let n = keys.count
        guard n > 1 else { return }
        let digitBits = 11, radix = 1 << digitBits, mask = UInt64(radix - 1)
        var buffer = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: radix)
        var shift = 0
        while shift < bits {
            keys.withUnsafeMutableBufferPointer { from in
                buffer.withUnsafeMutableBufferPointer { to in
                    counts.withUnsafeMutableBufferPointer { c in
                        for d in 0..<radix { c[d] = 0 }
                        for k in from { c[Int((k >> UInt64(shift)) & mask)] += 1 }
                        var sum = 0
                        for d in 0..<radix { let here = c[d]; c[d] = sum; sum += here }
                        for k in from {
                            let d = Int((k >> UInt64(shift)) & mask)
                            to[c[d]] = k
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&keys, &buffer)
            shift += digitBits
        }
    }
}

extension RadixSort {
    /// The same order as `sort`, in place: no second array as large as the keys (fresh memory
    /// the kernel must clear). Most-significant digit first (an American flag sort: each bucket's
    /// size counted, then every key swapped straight into its bucket), each bucket then sorted on
    /// the next digit while it is still in cache, and buckets of a few dozen keys by insertion.
    public static func sortInPlace(_ keys: inout [UInt64], bits: Int) {
        guard keys.count > 1, bits > 0 else { return }
        keys.withUnsafeMutableBufferPointer { k in flagSort(k, 0, k.count, below: min(bits, 64)) }
    }

    /// Sorts `k[lo ..< hi]`, whose keys agree on every bit from `below` up, on bits `0 ..< below`.
    private static func flagSort(_ k: UnsafeMutableBufferPointer<UInt64>, _ lo: Int, _ hi: Int, below: Int) {
        let n = hi - lo
        if n <= 32 {
            for i in lo + 1 ..< max(lo + 1, hi) {
                let v = k[i]
                var j = i
                while j > lo && k[j - 1] > v { k[j] = k[j - 1]; j -= 1 }
                k[j] = v
            }
            return
        }
        // About four keys per bucket, at most 2,048 buckets.
        let width = min(below, 11, max(4, (Int.bitWidth - n.leadingZeroBitCount) - 2))
        let shift = UInt64(below - width), radix = 1 << width, mask = UInt64(radix - 1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * radix + 1) { t in
            let heads = UnsafeMutableBufferPointer(rebasing: t[0 ..< radix])
            let ends = UnsafeMutableBufferPointer(rebasing: t[radix ..< 2 * radix + 1])
            for d in 0 ..< radix { heads[d] = 0 }
            for i in lo ..< hi { heads[Int((k[i] >> shift) & mask)] += 1 }
            var sum = lo
            for d in 0 ..< radix { let c = heads[d]; heads[d] = sum; sum += c; ends[d] = sum }
            for b in 0 ..< radix {
                while heads[b] < ends[b] {
                    var v = k[heads[b]]
                    var d = Int((v >> shift) & mask)
                    while d != b {
                        swap(&v, &k[heads[d]])
                        heads[d] += 1
                        d = Int((v >> shift) & mask)
                    }
                    k[heads[b]] = v
                    heads[b] += 1
                }
            }
            guard shift > 0 else { return }
            var start = lo
            for b in 0 ..< radix {
                if ends[b] - start > 1 { flagSort(k, start, ends[b], below: Int(shift)) }
                start = ends[b]
            }
        }
    }
}

extension RadixSort {
    /// The same order as `sort`, for keys whose top digits are spread at random (hashes): one
    /// pass deals the keys out by their top digit into a second array, reading and writing each
    /// bucket in order, then each bucket, small enough to stay in cache, is sorted in place
    /// (`sortInPlace`'s flag sort). On a million hashed keys this takes half the time of
    /// `sortInPlace`, whose first pass swaps every key to a random place in a large array (a
    /// cache and TLB miss each), at the cost of a second array while it runs.
    ///
    /// `parts`: slices dealt at once on every core (by default `Parallel.slices(for:)` the
    /// keys). Each slice counts its keys per bucket, then writes them to its own
    /// place in each bucket (after the slices before it), and the buckets are then sorted on
    /// every core: the keys come out in the one sorted order whatever the parts.
    public static func sortByDealing(_ keys: inout [UInt64], bits: Int, parts: Int? = nil) {
        let n = keys.count
        guard n > 1, bits > 0 else { return }
        let below = min(bits, 64)
        // About a thousand keys per bucket, at most 2,048 buckets.
        let width = min(below, 11, max(1, (Int.bitWidth - n.leadingZeroBitCount) - 10))
        let shift = UInt64(below - width), radix = 1 << width, mask = UInt64(radix - 1)
        let sliceCount = max(1, min(n, parts ?? Parallel.slices(for: n)))
        let slices = (0 ..< sliceCount).map { k in n * k / sliceCount ..< n * (k + 1) / sliceCount }
        // counts[s * radix + d]: slice s's keys in bucket d; then where slice s writes its next
        // key of bucket d.
        var counts = [Int](repeating: 0, count: sliceCount * radix)
        var ends = [Int](repeating: 0, count: radix + 1)
        var dealt = [UInt64](unsafeUninitializedCapacity: n) { out, count in
            keys.withUnsafeBufferPointer { k in
                counts.withUnsafeMutableBufferPointer { c in
                    let table = DisjointBuffer(base: c.baseAddress!), source = UncheckedSendable(k)
                    _ = Parallel.map(sliceCount) { s in
                        let row = table.base + s * radix
                        for v in UnsafeBufferPointer(rebasing: source.value[slices[s]]) { row[Int((v >> shift) & mask)] += 1 }
                    }
                    // Bucket by bucket, slice by slice: each slice's keys of a bucket after those
                    // of the slices before it, so the dealing is stable, as one pass would be.
                    var sum = 0
                    for d in 0 ..< radix {
                        for s in 0 ..< sliceCount {
                            let here = c[s * radix + d]
                            c[s * radix + d] = sum
                            sum += here
                        }
                        ends[d + 1] = sum
                    }
                    let target = DisjointBuffer(base: out.baseAddress!)
                    _ = Parallel.map(sliceCount) { s in
                        let next = table.base + s * radix
                        for v in UnsafeBufferPointer(rebasing: source.value[slices[s]]) {
                            let d = Int((v >> shift) & mask)
                            (target.base + next[d]).initialize(to: v)
                            next[d] += 1
                        }
                    }
                }
            }
            count = n
        }
        keys = []
        if shift > 0 {
            // The buckets cut into runs of about equal size, sorted on every core.
            var cuts = [0]
            for s in 1 ..< sliceCount {
                let target = n * s / sliceCount
                var d = cuts[cuts.count - 1]
                while d < radix && ends[d] < target { d += 1 }
                cuts.append(d)
            }
            cuts.append(radix)
            dealt.withUnsafeMutableBufferPointer { k in
                let sorted = UncheckedSendable(k)
                _ = Parallel.map(sliceCount) { s in
                    for d in cuts[s] ..< cuts[s + 1] where ends[d + 1] - ends[d] > 1 {
                        flagSort(sorted.value, ends[d], ends[d + 1], below: Int(shift))
                    }
                }
            }
        }
        keys = dealt
    }
}
