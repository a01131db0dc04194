import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A code page decoded by the system's iconv, for the code pages our own tables (`TextEncoding`)
/// do not carry: GBK (936), Big5 (950), Shift-JIS (932), the OEM pages 852, 865…, and whatever
/// else `iconv -l` lists. Opened once per file; decoding is serialised (an iconv handle keeps
/// state). The result is NFC, as `TextEncoding.decode` gives.
public final class IconvCodePage: @unchecked Sendable {
    /// The iconv name that opened it ("CP936").
    public let name: String
    private let handle: iconv_t
    private let lock = NSLock()

    /// nil when iconv does not know `name`.
    public init?(iconvName name: String) {
        let h = iconv_open("UTF-8", name)
        guard let h, h != iconv_t(bitPattern: -1) else { return nil }
        self.name = name
        handle = h
    }

    deinit { iconv_close(handle) }

    /// The code page a `.cpg` file names, when iconv knows it: "936", "ANSI 936", "CP936", "GBK",
    /// "Big5", "windows-1254", "IBM852"… A bare number is tried as CP, windows- and IBM names.
    public convenience init?(codePageName: String) {
        let t = codePageName.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            .replacingOccurrences(of: "ANSI ", with: "").replacingOccurrences(of: "OEM ", with: "")
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else { return nil }
        let candidates = t.allSatisfy(\.isNumber) ? ["CP" + t, "WINDOWS-" + t, "IBM" + t] : [t]
        for c in candidates {
            if IconvCodePage(iconvName: c) != nil { self.init(iconvName: c); return }
        }
        return nil
    }

    /// Decodes bytes; nil when they are not valid in this code page.
    public func decode<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        var input = Array(bytes)
        if input.isEmpty { return "" }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        lock.lock()
        defer { lock.unlock() }
        iconv(handle, nil, nil, nil, nil)  // back to the initial state
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count, outLeft = outBuf.count
                guard iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                // A shift state to close (stateful code pages) goes in the room left.
                guard iconv(handle, nil, nil, &outPtr, &outLeft) != -1 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let written, let s = String(validating: output[0..<written], as: UTF8.self) else { return nil }
        return s.precomposedStringWithCanonicalMapping
    }
}
