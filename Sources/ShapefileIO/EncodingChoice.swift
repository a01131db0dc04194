import Foundation
import Domain

/// Which code page the DBF's text is in, and how we know: the manifest's `encoding`, the `.cpg`
/// file, the header's language driver id (LDID, byte 29), or a guess (valid UTF-8 → UTF-8, else
/// CP1252).
struct EncodingChoice {
    enum Source: String { case stated = "set explicitly", cpg, ldid, guessed }
    let encoding: CodePage
    let source: Source
    var warning: String?

    /// The dBase/ESRI language driver ids, by code page. Our own table rather than
    /// `TextEncoding(ldid:)`, which reads 0x64 (code page 852) as 850.
    static func decodable(_ ldid: UInt8) -> TextEncoding? {
        switch ldid {
        case 0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B: return .cp437
        case 0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37: return .cp850
        // 0x57 is "the current ANSI code page", which for the files we meet is 1252.
        case 0x03, 0x57, 0x58, 0x59: return .cp1252
        case 0x26, 0x65: return .cp866
        case 0xC8: return .cp1250
        case 0xC9: return .cp1251
        default: return nil
        }
    }

    /// LDIDs of the code pages our tables do not carry, by the name iconv knows them under
    /// (decoded when the system's iconv has it; else refused by name, never guessed over).
    static func iconvName(_ ldid: UInt8) -> String? {
        switch ldid {
        case 0x04: return "MACINTOSH"
        case 0x08, 0x17, 0x66: return "CP865"
        case 0x13, 0x7B: return "CP932"
        case 0x1C, 0x6C: return "CP863"
        case 0x1F, 0x22, 0x23, 0x40, 0x64, 0x87: return "CP852"
        case 0x24: return "CP860"
        case 0x4D, 0x7A: return "CP936"
        case 0x4E, 0x79: return "CP949"
        case 0x4F, 0x78: return "CP950"
        case 0x50, 0x7C: return "CP874"
        case 0x67: return "CP861"
        case 0x6A, 0x86: return "CP737"
        case 0x6B, 0x88: return "CP857"
        case 0x96: return "MAC-CYRILLIC"
        case 0x97: return "MAC-CENTRALEUROPE"
        case 0x98: return "MACGREEK"
        case 0xCA: return "CP1254"
        case 0xCB: return "CP1253"
        case 0xCC: return "CP1257"
        default: return nil
        }
    }

    /// The names of those code pages in messages, for a system whose iconv lacks them.
    static func unsupportedName(_ ldid: UInt8) -> String? {
        switch ldid {
        case 0x04: return "Macintosh Roman"
        case 0x08, 0x17, 0x66: return "Nordic OEM (865)"
        case 0x13, 0x7B: return "Japanese Shift-JIS (932)"
        case 0x1C, 0x6C: return "French-Canadian OEM (863)"
        case 0x1F, 0x22, 0x23, 0x40, 0x64, 0x87: return "Eastern European OEM (852)"
        case 0x24: return "Portuguese OEM (860)"
        case 0x4D, 0x7A: return "Chinese GBK (936)"
        case 0x4E, 0x79: return "Korean (949)"
        case 0x4F, 0x78: return "Chinese Big5 (950)"
        case 0x50, 0x7C: return "Thai (874)"
        case 0x67: return "Icelandic OEM (861)"
        case 0x6A, 0x86: return "Greek OEM (737)"
        case 0x6B, 0x88: return "Turkish OEM (857)"
        case 0x96: return "Russian Macintosh"
        case 0x97: return "Eastern European Macintosh"
        case 0x98: return "Greek Macintosh"
        case 0xCA: return "Turkish Windows (1254)"
        case 0xCB: return "Greek Windows (1253)"
        case 0xCC: return "Baltic Windows (1257)"
        default: return nil
        }
    }

    static func choose(stated: CodePage? = nil, cpgPath: String?, ldid: UInt8, textBytes: () -> [UInt8], dbfPath: String) throws -> EncodingChoice {
        if let stated { return EncodingChoice(encoding: stated, source: .stated) }
        if let cpgPath {
            let raw = try BoundedFile.read(cpgPath, limit: 4096, what: ".cpg")
            let name = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            // A code page name is one short printable word; anything else is not echoed (the
            // .cpg may be a link to some other file).
            guard name.count <= 40, name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
                throw TargetingError("the .cpg does not hold a code page name (it holds \(raw.count) bytes that are not one short line of text)",
                                     at: SourceLocation(file: cpgPath),
                                     hint: "a .cpg holds one word such as UTF-8 or 1252: correct it, or delete it to let the .dbf header decide")
            }
            guard let e = CodePage(codePageName: name) else {
                throw TargetingError("the .cpg names code page \"\(name)\", which neither this reader nor the system's iconv can decode", at: SourceLocation(file: cpgPath),
                                     hint: "re-export the layer as UTF-8, or correct the .cpg if it names the wrong code page (`iconv -l` lists the code pages this system knows)")
            }
            return EncodingChoice(encoding: e, source: .cpg)
        }
        if ldid != 0 {
            if let e = decodable(ldid) {
                return EncodingChoice(encoding: .table(e), source: .ldid)
            }
            if let name = iconvName(ldid), let c = IconvCodePage(iconvName: name) {
                return EncodingChoice(encoding: .iconv(c), source: .ldid)
            }
            if let name = unsupportedName(ldid) {
                throw TargetingError(String(format: "the .dbf language driver id 0x%02X says the text is %@, which neither this reader nor the system's iconv can decode", Int(ldid), name),
                                     at: SourceLocation(file: dbfPath), hint: "re-export the layer as UTF-8 (with a .cpg file)")
            }
        }
        let bytes = textBytes()
        let isUTF8 = String(validating: bytes, as: UTF8.self) != nil
        let e: TextEncoding = isUTF8 ? .utf8 : .cp1252
        let ascii = bytes.allSatisfy { $0 < 0x80 }
        var w: String? = nil
        if !ascii {
            w = (ldid == 0 ? "no .cpg and no code page in the .dbf header" : String(format: "unknown .dbf language driver id 0x%02X", Int(ldid)))
                + ": text read as \(e.rawValue) (guessed; add a .cpg file naming the code page to be sure)"
        }
        return EncodingChoice(encoding: .table(e), source: .guessed, warning: w)
    }
}
