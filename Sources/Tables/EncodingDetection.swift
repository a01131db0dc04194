import Domain

/// Which encoding a file was read with, and why: the GIS officer checks this when names look wrong.
public struct EncodingChoice: Hashable, Sendable, CustomStringConvertible {
    public var encoding: CodePage
    public var source: EncodingSource
    /// Whether a UTF-8 byte order mark was present (it is skipped, never part of the first header).
    public var hadByteOrderMark: Bool
    public var description: String { "\(encoding.name) (\(source))" }
}

enum EncodingDetection {
    /// Decides the encoding of `bytes` and how many leading bytes (a BOM) to skip.
    static func choose(_ bytes: UnsafeBufferPointer<UInt8>, requested: CodePage?, source: EncodingSource = .stated,
                       path: String) throws -> (EncodingChoice, bodyStart: Int) {
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        if !hasBOM, bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw TargetingError("the file is UTF-16 (it starts with a UTF-16 byte order mark), which is not read",
                                 at: SourceLocation(file: path, line: 1),
                                 hint: "save it again as \"CSV UTF-8\" (Excel) or convert it with `iconv -f UTF-16 -t UTF-8`")
        }
        let start = hasBOM ? 3 : 0
        let body = UnsafeBufferPointer(rebasing: bytes[start...])
        if let enc = requested {
            if enc.isUTF8, let bad = firstInvalidUTF8(body) {
                throw TargetingError("encoding = \"UTF-8\" was set but the file is not valid UTF-8 (byte 0x\(hex(body[bad])) at line \(lineOf(offset: bad, in: body)))",
                                     at: SourceLocation(file: path, line: lineOf(offset: bad, in: body)),
                                     hint: "leave the encoding unset to detect it, or set encoding = \"CP1252\" for files saved by Windows Excel")
            }
            if case .iconv(let c) = enc, let line = firstUndecodableLine(body, c) {
                throw TargetingError("encoding = \"\(c.name)\" was set but line \(line) is not valid \(c.name)",
                                     at: SourceLocation(file: path, line: line),
                                     hint: "check the code page the file was saved in (`file -i` or a text editor tells), or re-save it as UTF-8")
            }
            return (EncodingChoice(encoding: enc, source: source, hadByteOrderMark: hasBOM), start)
        }
        if hasBOM {
            if let bad = firstInvalidUTF8(body) {
                throw TargetingError("the file starts with a UTF-8 byte order mark but is not valid UTF-8 (byte 0x\(hex(body[bad])) at line \(lineOf(offset: bad, in: body)))",
                                     at: SourceLocation(file: path, line: lineOf(offset: bad, in: body)),
                                     hint: "the file mixes encodings; set the encoding explicitly (e.g. encoding = \"CP1252\") or re-save it as UTF-8")
            }
            return (EncodingChoice(encoding: .utf8, source: .byteOrderMark, hadByteOrderMark: true), start)
        }
        var sawNonASCII = false
        if let bad = firstInvalidUTF8(body, sawNonASCII: &sawNonASCII) {
            return (EncodingChoice(encoding: .table(.cp1252),
                                   source: .detected(.notUTF8(byte: body[bad], line: lineOf(offset: bad, in: body))),
                                   hadByteOrderMark: false), start)
        }
        return (EncodingChoice(encoding: .utf8, source: .detected(sawNonASCII ? .validUTF8 : .plainASCII), hadByteOrderMark: false), start)
    }

    /// The first line (1-based) that `page` cannot decode, or nil when the whole text decodes: a
    /// code page of iconv's may reject bytes (GBK, Big5 and Shift-JIS do), and a cell decoded
    /// later must never fall back to something else quietly.
    static func firstUndecodableLine(_ b: UnsafeBufferPointer<UInt8>, _ page: IconvCodePage) -> Int? {
        if page.decode(b) != nil { return nil }
        var line = 1, start = 0
        for i in 0...b.count where i == b.count || b[i] == 10 {
            if page.decode(b[start..<i]) == nil { return line }
            line += 1; start = i + 1
        }
        return line - 1
    }

    /// Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or nil.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var sawNonASCII = false
        return firstInvalidUTF8(b, sawNonASCII: &sawNonASCII)
    }

    /// The same, telling whether any byte before that one (or in the whole text) was not ASCII:
    /// one pass over a large file instead of a second for the ASCII check.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>, sawNonASCII: inout Bool) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i = firstNonASCII(b, from: i + 1); continue }
            sawNonASCII = true
            var need = 0
            var minNext: UInt8 = 0x80, maxNext: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; minNext = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; maxNext = 0x9F
            case 0xF0: need = 3; minNext = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; maxNext = 0x8F
            default: return i
            }
            guard i + need < n else { return i }
            let second = b[i + 1]
            guard second >= minNext, second <= maxNext else { return i }
            var k = 2
            while k <= need {
                guard b[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// The offset of the first byte at or after `i` that is not ASCII (0x80 or more), or the
    /// count: eight bytes at a time, since nearly every byte of a large table is ASCII.
    static func firstNonASCII(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = b.baseAddress else { return b.count }
        let n = b.count
        var i = start
        // Thirty-two bytes a step while all are ASCII, then eight, then one, to find the byte.
        while n - i >= 32 {
            let p = UnsafeRawPointer(base + i)
            let any = p.loadUnaligned(as: UInt64.self) | p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                | p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if any & 0x8080_8080_8080_8080 != 0 { break }
            i += 32
        }
        while n - i >= 8, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        while i < n, b[i] < 0x80 { i += 1 }
        return i
    }

    static func lineOf(offset: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var i = 0
        while i < offset { if b[i] == 10 { line += 1 }; i += 1 }
        return line
    }

    static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}
