import XCTest
@testable import Domain

final class ISODateTests: XCTestCase {
    func testEpochAndRoundTrip() {
        XCTAssertEqual(ISODate(iso: "1970-01-01")?.daysSinceEpoch, 0)
        // 2020-12-31 is day 18627 (checked with `date -d 2020-12-31 +%s` / 86400).
        XCTAssertEqual(ISODate(iso: "2020-12-31")?.daysSinceEpoch, 18627)
        XCTAssertEqual(ISODate(daysSinceEpoch: 18627).description, "2020-12-31")
        XCTAssertNil(ISODate(iso: "2021-02-29"))
        XCTAssertEqual(ISODate(iso: "2020-02-29")?.adding(days: 1).description, "2020-03-01")
    }

    func testSpellingsUsersHave() {
        XCTAssertEqual(ISODate(parsing: "12 August 2016")?.description, "2016-08-12")
        XCTAssertEqual(ISODate(parsing: "12 Aug 2016")?.description, "2016-08-12")
        XCTAssertEqual(ISODate(parsing: "20160812")?.description, "2016-08-12")
        // A numeric date on its own is read only when a part above 12 proves which is the day.
        XCTAssertNil(ISODate(parsing: "12/08/2016"))
        XCTAssertEqual(ISODate(parsing: "31/12/2020")?.description, "2020-12-31")
        XCTAssertEqual(ISODate(parsing: "12/31/2020")?.description, "2020-12-31")
        XCTAssertNil(ISODate(parsing: "2016-13-01"))
        XCTAssertNil(ISODate(parsing: "yesterday"))
    }

    func testACLEDSpellingReadsBack() {
        XCTAssertEqual(ISODate(iso: "2016-08-12")?.spelledOut, "12 August 2016")
        let d = ISODate(iso: "2020-02-29")!
        XCTAssertEqual(ISODate(parsing: d.spelledOut), d)
        XCTAssertEqual(ISODate.daysIn(month: 2, year: 1900), 28)
        XCTAssertEqual(ISODate.daysIn(month: 2, year: 2000), 29)
    }

    func testWindowIsClosed() {
        let w = DateWindow(from: ISODate(iso: "2020-01-01"), to: ISODate(iso: "2020-12-31"))
        XCTAssertTrue(w.contains(ISODate(iso: "2020-01-01")!))
        XCTAssertTrue(w.contains(ISODate(iso: "2020-12-31")!))
        XCTAssertFalse(w.contains(ISODate(iso: "2021-01-01")!))
    }

    func testNameKeyFoldsAccentsCaseAndPunctuation() {
        XCTAssertEqual(NameKey("Kasaï-Central"), NameKey("kasai central"))
        XCTAssertEqual(NameKey("  Mbuji–Mayi "), NameKey("MBUJI MAYI"))
        XCTAssertEqual(NameKey("Tshi'kapa"), NameKey("Tshi kapa"))
        XCTAssertEqual(NameKey("Kamonia").editDistance(to: NameKey("Kamonya")), 1)
    }

    func testHXLTagsMatchInAnyOrderAndCodeIsPcode() {
        XCTAssertEqual(HXLTag("#affected+ind+idps"), HXLTag("#affected+idps+ind"))
        XCTAssertEqual(HXLTag("#adm1+code"), HXLTag("#adm1+pcode"))
        XCTAssertNil(HXLTag("adm1"))
    }
}

final class TextEncodingTests: XCTestCase {
    func testKasaiInEveryCodePageWeRead() {
        // "Kasaï": ï is 0xEF in Latin-1 and CP1252, 0x8B in CP437 and CP850.
        XCTAssertEqual(TextEncoding.latin1.decode([0x4B, 0x61, 0x73, 0x61, 0xEF]), "Kasaï")
        XCTAssertEqual(TextEncoding.cp1252.decode([0x4B, 0x61, 0x73, 0x61, 0xEF]), "Kasaï")
        XCTAssertEqual(TextEncoding.cp437.decode([0x4B, 0x61, 0x73, 0x61, 0x8B]), "Kasaï")
        XCTAssertEqual(TextEncoding.cp850.decode([0x4B, 0x61, 0x73, 0x61, 0x8B]), "Kasaï")
        // CP1252's 0x80 is the euro sign, where Latin-1 has a control character.
        XCTAssertEqual(TextEncoding.cp1252.decode([0x80]), "€")
        // Decomposed UTF-8 comes out composed (NFC).
        XCTAssertEqual(TextEncoding.utf8.decode(Array("Kasai\u{0308}".utf8)), "Kasaï")
        XCTAssertEqual(TextEncoding.utf8.decode(Array("Kasai\u{0308}".utf8))?.unicodeScalars.count, 5)
        XCTAssertNil(TextEncoding.utf8.decode([0xEF, 0x41]))
        XCTAssertEqual(TextEncoding.cp850.encode("Kasaï"), [0x4B, 0x61, 0x73, 0x61, 0x8B])
        XCTAssertEqual(TextEncoding(codePageName: "ANSI 1252\n"), .cp1252)
    }
}

final class LayerFieldLookupTests: XCTestCase {
    func testFieldsByNameAnyCaseOrByHXLTag() {
        let layer = Layer(path: "dtm.csv",
                          fields: [FieldSchema(name: "ADM3_PCODE", type: .text), FieldSchema(name: "IDPs", type: .real)],
                          features: [], tags: [HXLTag("#adm3+code"), HXLTag("#affected+idps+ind")])
        XCTAssertEqual(layer.fieldIndex("adm3_pcode"), 0)
        XCTAssertEqual(layer.fieldIndex("#adm3+pcode"), 0)
        XCTAssertEqual(layer.fieldIndex("#affected+ind+idps"), 1)
        XCTAssertNil(layer.fieldIndex("#affected+returnees+ind"))
    }
}
