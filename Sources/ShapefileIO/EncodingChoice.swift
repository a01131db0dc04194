import Foundation
import Domain

/// Which code page the DBF's text is in, and how we know: the manifest's `encoding`, the `.cpg`
/// file, the header's language driver id (LDID, byte 29), or a guess (valid UTF-8 → UTF-8, else
/// CP1252).
struct EncodingChoice {
    let encoding: CodePage
    let source: EncodingSource
    var warning: String?

    /// The dBase/ESRI language driver ids (LDID, byte 29 of the header): the code page each
    /// names, as our tables (`TextEncoding`) or iconv know it, and its name in messages for a
    /// system whose iconv lacks it. One table for every id; 0x64 is code page 852, not 850.
    static let languageDrivers: [UInt8: (codePage: String, title: String)] = {
        var t: [UInt8: (codePage: String, title: String)] = [:]
        func add(_ ids: [UInt8], _ codePage: String, _ title: String) { for id in ids { t[id] = (codePage, title) } }
        add([0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B], "CP437", "US OEM (437)")
        add([0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37], "CP850", "Western European OEM (850)")
        // 0x57 is "the current ANSI code page", which for the files we meet is 1252.
        add([0x03, 0x57, 0x58, 0x59], "CP1252", "Western European Windows (1252)")
        add([0x26, 0x65], "CP866", "Russian OEM (866)")
        add([0xC8], "CP1250", "Eastern European Windows (1250)")
        add([0xC9], "CP1251", "Russian Windows (1251)")
        add([0x04], "MACINTOSH", "Macintosh Roman")
        add([0x08, 0x17, 0x66], "CP865", "Nordic OEM (865)")
        add([0x13, 0x7B], "CP932", "Japanese Shift-JIS (932)")
        add([0x1C, 0x6C], "CP863", "French-Canadian OEM (863)")
        add([0x1F, 0x22, 0x23, 0x40, 0x64, 0x87], "CP852", "Eastern European OEM (852)")
        add([0x24], "CP860", "Portuguese OEM (860)")
        add([0x4D, 0x7A], "CP936", "Chinese GBK (936)")
        add([0x4E, 0x79], "CP949", "Korean (949)")
        add([0x4F, 0x78], "CP950", "Chinese Big5 (950)")
        add([0x50, 0x7C], "CP874", "Thai (874)")
        add([0x67], "CP861", "Icelandic OEM (861)")
        add([0x6A, 0x86], "CP737", "Greek OEM (737)")
        add([0x6B, 0x88], "CP857", "Turkish OEM (857)")
        add([0x96], "MAC-CYRILLIC", "Russian Macintosh")
        add([0x97], "MAC-CENTRALEUROPE", "Eastern European Macintosh")
        add([0x98], "MACGREEK", "Greek Macintosh")
        add([0xCA], "CP1254", "Turkish Windows (1254)")
        add([0xCB], "CP1253", "Greek Windows (1253)")
        add([0xCC], "CP1257", "Baltic Windows (1257)")
        return t
    }()

    /// The code page a language driver id names, when our tables or the system's iconv carry it.
    static func codePage(ldid: UInt8) -> CodePage? {
        guard let name = languageDrivers[ldid]?.codePage else { return nil }
        if let e = TextEncoding(codePageName: name) { return .table(e) }
        return IconvCodePage(iconvName: name).map { .iconv($0) }
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
            return EncodingChoice(encoding: e, source: .cpgFile)
        }
        if ldid != 0 {
            if let e = codePage(ldid: ldid) {
                return EncodingChoice(encoding: e, source: .languageDriver)
            }
            if let title = languageDrivers[ldid]?.title {
                throw TargetingError(String(format: "the .dbf language driver id 0x%02X says the text is %@, which neither this reader nor the system's iconv can decode", Int(ldid), title),
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
