extension RingContacts {
    /// Sorts `segments` by least x in about linear time: a counting sort into as many buckets as
    /// segments over the range of least x (a bucket's index only grows with x, so the buckets are
    /// in order), then an insertion sort that only reorders segments within a bucket. Ring
    /// segments spread evenly enough that buckets hold one or two; should the insertion sort have
    /// to move too much (one far vertex crowding the rest into a few buckets), the library's
    /// sort finishes the job instead.
    mutating func sortByLeastX() {
        let n = segments.count
        guard n > 1 else { return }
        var lo = Double.infinity, hi = -Double.infinity
        for s in segments { lo = min(lo, s.minX); hi = max(hi, s.minX) }
        guard hi > lo else { return }
        let scale = Double(n - 1) / (hi - lo)
        @inline(__always) func bucket(_ x: Double) -> Int { min(n - 1, Int((x - lo) * scale)) }

        swap(&segments, &unsorted)
        bucketEnds.removeAll(keepingCapacity: true)
        bucketEnds.append(contentsOf: repeatElement(0, count: n + 1))
        segments.removeAll(keepingCapacity: true)
        segments.append(contentsOf: unsorted)
        bucketEnds.withUnsafeMutableBufferPointer { ends in
            unsorted.withUnsafeBufferPointer { from in
                segments.withUnsafeMutableBufferPointer { to in
                    for s in from { ends[bucket(s.minX) + 1] += 1 }
                    for k in 1...n { ends[k] += ends[k - 1] }
                    // ends[b] is now where bucket b starts: used as its write cursor.
                    for s in from {
                        let b = bucket(s.minX)
                        to[Int(ends[b])] = s
                        ends[b] += 1
                    }
                }
            }
        }
        var budget = 8 * n
        let finished: Bool = segments.withUnsafeMutableBufferPointer { to in
            for i in 1..<n {
                let s = to[i]
                var j = i
                while j > 0, to[j - 1].minX > s.minX {
                    to[j] = to[j - 1]
                    j -= 1
                    budget -= 1
                }
                to[j] = s
                if budget < 0 { return false }
            }
            return true
        }
        if !finished { segments.sort { $0.minX < $1.minX } }
    }
}
