import CCrypto

/// SHA-256 (FIPS 180-4), for the run manifest's input, output and rules hashes, through the
/// system's libcrypto: its assembly uses the CPU's SHA extensions where present, about ten times
/// the speed of a compress loop in Swift on the 200 MB a large run hashes. The state is a plain C
/// struct, so a copy of a `SHA256` is an independent hash, as for any Swift value.
public struct SHA256 {
    private var context = SHA256_CTX()

    public init() { _ = SHA256_Init(&context) }

    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalizeHex()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buf in update(UnsafeRawBufferPointer(buf)) }
        if done == nil { let copy = Array(bytes); copy.withUnsafeBytes { update($0) } }
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        // SHA256_Update returns 1 always (it cannot fail on a valid context).
        _ = SHA256_Update(&context, base, raw.count)
    }

    public mutating func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256_Final(&digest, &context)
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return out
    }
}
