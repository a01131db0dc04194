extension RingContacts {
    /// Fills `order` with the positions of `segments` sorted by least x, in about linear time: a
    /// counting sort into as many buckets as segments over the range of least x (a bucket's
    /// index only grows with x, so the buckets are in order), then an insertion sort that only
    /// reorders positions within a bucket. Ring segments spread evenly enough that buckets hold
    /// one or two; should the insertion sort have to move too much (one far vertex crowding the
    /// rest into a few buckets), the library's sort finishes the job instead. Only 4-byte
    /// positions move, never the segments.
    mutating func sortByLeastX() {
        let n = segments.count
        order.removeAll(keepingCapacity: true)
        guard n > 1 else { order.append(contentsOf: (0..<Int32(n))); return }
        bucketEnds.removeAll(keepingCapacity: true)
        bucketEnds.append(contentsOf: repeatElement(0, count: n + 1))
        order.append(contentsOf: repeatElement(0, count: n))
        let sorted: Bool = segments.withUnsafeBufferPointer { s in
            var lo = Double.infinity, hi = -Double.infinity
            for seg in s { lo = min(lo, seg.minX); hi = max(hi, seg.minX) }
            let scale = hi > lo ? Double(n - 1) / (hi - lo) : 0
            return bucketEnds.withUnsafeMutableBufferPointer { ends in
                order.withUnsafeMutableBufferPointer { o in
                    for seg in s { ends[min(n - 1, Int((seg.minX - lo) * scale)) + 1] += 1 }
                    for k in 1...n { ends[k] += ends[k - 1] }
                    // ends[b] is now where bucket b starts: used as its write cursor.
                    for (k, seg) in s.enumerated() {
                        let b = min(n - 1, Int((seg.minX - lo) * scale))
                        o[Int(ends[b])] = Int32(k)
                        ends[b] += 1
                    }
                    var budget = 8 * n
                    for i in 1..<n {
                        let k = o[i], x = s[Int(k)].minX
                        var j = i
                        while j > 0, s[Int(o[j - 1])].minX > x {
                            o[j] = o[j - 1]
                            j -= 1
                        }
                        o[j] = k
                        budget -= i - j
                        if budget < 0 { return false }
                    }
                    return true
                }
            }
        }
        if !sorted { order.sort { segments[Int($0)].minX < segments[Int($1)].minX } }
    }
}
