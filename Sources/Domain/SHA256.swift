import CSHA256

/// SHA-256 (FIPS 180-4), for the run manifest's input, rules and output hashes. Foundation on
/// Linux has no CryptoKit; the block compression is C (`CSHA256`), through the CPU's SHA
/// extensions when it has them: hundreds of megabytes are hashed per run at 100,000 units.
public struct SHA256 {
    private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

    /// Whether this machine's SHA extensions do the work (else portable C).
    public static var usesSHAExtensions: Bool { csha256_uses_sha_extensions() != 0 }

    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalizeHex()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Hashing inputs of tens of megabytes (a million-row ACLED export) must not take seconds:
        // whole blocks are compressed straight from contiguous storage.
        let done: Void? = bytes.withContiguousStorageIfAvailable { buf in update(UnsafeRawBufferPointer(buf)) }
        if done == nil { let copy = Array(bytes); copy.withUnsafeBytes { update($0) } }
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        length &+= UInt64(raw.count)
        var offset = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, raw.count)
            buffer.append(contentsOf: raw[0..<take])
            offset = take
            if buffer.count == 64 {
                buffer.withUnsafeBytes { Self.compress(&state, $0.baseAddress!, blocks: 1) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let blocks = (raw.count - offset) / 64
        if blocks > 0 {
            Self.compress(&state, base + offset, blocks: blocks)
            offset += blocks * 64
        }
        if offset < raw.count { buffer.append(contentsOf: raw[offset...]) }
    }

    public mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var pad: [UInt8] = [0x80]
        while (buffer.count + pad.count) % 64 != 56 { pad.append(0) }
        for i in (0..<8).reversed() { pad.append(UInt8((bitLength >> (UInt64(i) * 8)) & 0xff)) }
        let saved = length
        update(pad)
        length = saved
        let digits = Array("0123456789abcdef")
        var out = ""
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 0xf)]) }
        }
        return out
    }

    private static func compress(_ state: inout [UInt32], _ data: UnsafeRawPointer, blocks: Int) {
        state.withUnsafeMutableBufferPointer { s in
            csha256_compress(s.baseAddress!, data.assumingMemoryBound(to: UInt8.self), blocks)
        }
    }
}
