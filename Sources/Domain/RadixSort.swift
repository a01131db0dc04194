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
