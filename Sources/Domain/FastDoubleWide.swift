/// mantissa × 10^q for a mantissa of up to 19 digits and q within ±27 (17-digit coordinates), in
/// integer arithmetic: 10^q is held as a 128-bit integer t times a power of two, the mantissa
/// (shifted to fill 64 bits) times t is formed exactly in 192 bits, and rounded to 53 bits as
/// IEEE does (to nearest, ties to even). For q ≥ 0, t is exact (5^q < 2^64), so that rounding
/// is the correct one. For q < 0, t is 10^q rounded down, so the true product lies strictly
/// between the product formed and that plus the shifted mantissa; rounding is monotonic, so when
/// both ends round to the same double the true product does too, and that double is returned.
/// When they differ (the product is within 2^-64 of its size from a rounding boundary, which a
/// decimal that is itself a midpoint can be) the answer is nil and the caller reads the text.
enum WidePowers {
    static let range = -27...27

    /// 10^q = (hi · 2^64 + lo) · 2^binary, with hi's top bit set: `power(q)`'s values, written out
    /// so that the tables are static data rather than computed (and guarded) on first use.
    static let highs: [UInt64] = [
        0x9E74D1B791E07E48, 0xC612062576589DDA, 0xF79687AED3EEC551, 0x9ABE14CD44753B52,
        0xC16D9A0095928A27, 0xF1C90080BAF72CB1, 0x971DA05074DA7BEE, 0xBCE5086492111AEA,
        0xEC1E4A7DB69561A5, 0x9392EE8E921D5D07, 0xB877AA3236A4B449, 0xE69594BEC44DE15B,
        0x901D7CF73AB0ACD9, 0xB424DC35095CD80F, 0xE12E13424BB40E13, 0x8CBCCC096F5088CB,
        0xAFEBFF0BCB24AAFE, 0xDBE6FECEBDEDD5BE, 0x89705F4136B4A597, 0xABCC77118461CEFC,
        0xD6BF94D5E57A42BC, 0x8637BD05AF6C69B5, 0xA7C5AC471B478423, 0xD1B71758E219652B,
        0x83126E978D4FDF3B, 0xA3D70A3D70A3D70A, 0xCCCCCCCCCCCCCCCC, 0x8000000000000000,
        0xA000000000000000, 0xC800000000000000, 0xFA00000000000000, 0x9C40000000000000,
        0xC350000000000000, 0xF424000000000000, 0x9896800000000000, 0xBEBC200000000000,
        0xEE6B280000000000, 0x9502F90000000000, 0xBA43B74000000000, 0xE8D4A51000000000,
        0x9184E72A00000000, 0xB5E620F480000000, 0xE35FA931A0000000, 0x8E1BC9BF04000000,
        0xB1A2BC2EC5000000, 0xDE0B6B3A76400000, 0x8AC7230489E80000, 0xAD78EBC5AC620000,
        0xD8D726B7177A8000, 0x878678326EAC9000, 0xA968163F0A57B400, 0xD3C21BCECCEDA100,
        0x84595161401484A0, 0xA56FA5B99019A5C8, 0xCECB8F27F4200F3A,
    ]
    static let lows: [UInt64] = [
        0x775EA264CF55347D, 0x95364AFE032A819D, 0x3A83DDBD83F52204, 0xC4926A9672793542,
        0x75B7053C0F178293, 0x5324C68B12DD6338, 0xD3F6FC16EBCA5E03, 0x88F4BB1CA6BCF584,
        0x2B31E9E3D06C32E5, 0x3AFF322E62439FCF, 0x09BEFEB9FAD487C2, 0x4C2EBE687989A9B3,
        0x0F9D37014BF60A10, 0x538484C19EF38C94, 0x2865A5F206B06FB9, 0xF93F87B7442E45D3,
        0xF78F69A51539D748, 0xB573440E5A884D1B, 0x31680A88F8953030, 0xFDC20D2B36BA7C3D,
        0x3D32907604691B4C, 0xA63F9A49C2C1B10F, 0x0FCF80DC33721D53, 0xD3C36113404EA4A8,
        0x645A1CAC083126E9, 0x3D70A3D70A3D70A3, 0xCCCCCCCCCCCCCCCC, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
        0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
    ]
    static let binaries: [Int] = [
        -217, -214, -211, -207, -204, -201, -197, -194, -191, -187, -184, -181, -177, -174,
        -171, -167, -164, -161, -157, -154, -151, -147, -144, -141, -137, -134, -131, -127,
        -124, -121, -118, -114, -111, -108, -104, -101, -98, -94, -91, -88, -84, -81,
        -78, -74, -71, -68, -64, -61, -58, -54, -51, -48, -44, -41, -38,
    ]

    /// How the tables are made (and checked, by the tests).
    static func power(_ q: Int) -> (hi: UInt64, lo: UInt64, binary: Int) {
        var five: UInt64 = 1
        for _ in 0..<abs(q) { five *= 5 }
        // 5^|q| lies in [2^(bits-1), 2^bits).
        let bits = UInt64.bitWidth - five.leadingZeroBitCount
        if q >= 0 {
            // 10^q = 2^q · 5^q, and 5^q shifted up to fill 128 bits.
            let shift = 128 - bits
            return (five << (shift - 64), 0, q - shift)
        }
        // 10^q = 2^q / 5^k = 2^(q-n) · (2^n / 5^k): with n = 127 + bits, 2^n / 5^k lies in
        // (2^127, 2^128) (5^k, k ≥ 1, is never a power of two); its floor by long division of the
        // three 64-bit words of 2^n, most significant first.
        let n = 127 + bits
        var remainder: UInt64 = 0
        var quotient: [UInt64] = []
        for word in [UInt64(1) << UInt64(n - 128), 0, 0] {
            let (q, r) = five.dividingFullWidth((remainder, word))
            quotient.append(q); remainder = r
        }
        return (quotient[1], quotient[2], q - n)
    }

    /// The double nearest to mantissa × 10^q (mantissa > 0, q in `range`), or nil when the
    /// product formed cannot tell.
    @inline(__always)
    static func value(_ mantissa: UInt64, _ q: Int) -> Double? {
        let k = q &- range.lowerBound
        let zeros = mantissa.leadingZeroBitCount
        let w = mantissa &<< UInt64(zeros)
        // x = w · t in three words: w · hi shifted by one word, plus w · lo.
        let (h1, l1) = w.multipliedFullWidth(by: highs[k])
        let (h0, l0) = w.multipliedFullWidth(by: lows[k])
        let (x1, carry) = l1.addingReportingOverflow(h0)
        let x2 = h1 &+ (carry ? 1 : 0), x0 = l0
        // The value is x · 2^(binary - zeros), and x ≥ 2^190 (w ≥ 2^63, t ≥ 2^127).
        let scale = binaries[k] &- zeros
        guard let low = rounded(x2, x1, x0, scale: scale) else { return nil }
        if q < 0 {
            // The upper end, x + w (below 2^192, since w < 2^64 and t < 2^128), rounds as x does
            // when the sum carries nothing into x2 and x already had bits below its leading 54
            // (else it is rounded too).
            let (y0, c0) = x0.addingReportingOverflow(w)
            let (y1, c1) = x1.addingReportingOverflow(c0 ? 1 : 0)
            if c1 || (x1 == 0 && x0 == 0) {
                guard rounded(x2 &+ (c1 ? 1 : 0), y1, y0, scale: scale) == low else { return nil }
            }
        }
        return Double(bitPattern: low)
    }

    /// The bits of the double nearest to (x2 · 2^128 + x1 · 2^64 + x0) · 2^scale, for x2 ≥ 2^62;
    /// nil outside the normal range.
    @inline(__always)
    static func rounded(_ x2: UInt64, _ x1: UInt64, _ x0: UInt64, scale: Int) -> UInt64? {
        let top = x2 >> 63  // the leading bit is bit 190 + top
        let drop = 9 &+ top  // bits of x2 below the leading 54
        var m = x2 >> drop
        // Up when the first bit dropped is set and either a later one is or m is odd: without
        // branches, as that bit is as often set as not.
        let sticky: UInt64 = (x2 & ((1 << drop) &- 1)) | x1 | x0 != 0 ? 1 : 0
        let half = m & 1
        m >>= 1
        m &+= half & (sticky | (m & 1))
        // Leading bit's exponent: 190 + top + scale; a carry out of 53 bits moves it up one.
        var exponent = 190 &+ Int(top) &+ scale &+ 1023
        if m == 1 << 53 { m >>= 1; exponent &+= 1 }
        guard exponent >= 1, exponent <= 2046 else { return nil }
        return UInt64(exponent) << 52 | (m & ((1 << 52) - 1))
    }
}
