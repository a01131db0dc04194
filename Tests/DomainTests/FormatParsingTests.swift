import XCTest
@testable import Domain

/// Numbers with a decimal comma or grouping, and dates whose day/month order is stated or proved.
final class DecimalMarkTests: XCTestCase {
    func reason(_ s: String, _ mark: DecimalMark?) -> String? {
        if case .invalid(let r) = NumberParsing.parse(s, decimal: mark) { return r }
        return nil
    }

    func testCommaFiles() {
        XCTAssertEqual(NumberParsing.parse("9,0066", decimal: .comma), .number(9.0066))
        XCTAssertEqual(NumberParsing.parse(" -5,2086 ", decimal: .comma), .number(-5.2086))
        XCTAssertEqual(NumberParsing.parse("-6,421", decimal: .comma), .number(-6.421))
        XCTAssertEqual(NumberParsing.parse("1.234,5", decimal: .comma), .number(1234.5))
        XCTAssertEqual(NumberParsing.parse("1.234.567", decimal: .comma), .number(1_234_567))
        XCTAssertEqual(NumberParsing.parse("1,5e-05", decimal: .comma), .number(1.5e-05))
        XCTAssertEqual(NumberParsing.parse("12", decimal: .comma), .number(12))
        XCTAssertEqual(NumberParsing.parse(",5", decimal: .comma), .number(0.5))
        XCTAssertEqual(NumberParsing.parse("", decimal: .comma), .empty)
        XCTAssertEqual(reason("1.234", .comma),
                       "ambiguous: the point may group thousands (1.234 = 1234) or mark decimals (1.234 = 1.234); the layer is read with decimal commas (decimal = \",\"), so write 1234 to mean 1234, or 1,234 to mean 1.234 (the comma is this layer's decimal mark)")
        XCTAssertEqual(reason("1.000", .comma),
                       "ambiguous: the point may group thousands (1.000 = 1000) or mark decimals (1.000 = 1); the layer is read with decimal commas (decimal = \",\"), so write 1000 to mean 1000, or 1,000 to mean 1 (the comma is this layer's decimal mark)")
        // Following the advice gives the value it promises (a thousand is never written 1,000 here).
        XCTAssertEqual(NumberParsing.parse("1000", decimal: .comma), .number(1000))
        XCTAssertEqual(NumberParsing.parse("1,000", decimal: .comma), .number(1))
        XCTAssertEqual(NumberParsing.parse("1,234", decimal: .comma), .number(1.234))
        XCTAssertEqual(reason("12.5", .comma),
                       "it has a decimal point, but the layer's numbers are read with decimal commas (decimal = \",\"); write it with a comma, or set decimal = \".\" if the file uses points")
        XCTAssertNotNil(reason("12.34.5", .comma))
        XCTAssertNotNil(reason("1,2,3", .comma))
        XCTAssertTrue(reason("nan", .comma)?.contains("not-a-number") ?? false)
    }

    func testPointFiles() {
        XCTAssertEqual(NumberParsing.parse("1234.5", decimal: .point), .number(1234.5))
        XCTAssertEqual(NumberParsing.parse("1,234.5", decimal: .point), .number(1234.5))
        XCTAssertEqual(NumberParsing.parse("12,345,678", decimal: .point), .number(12_345_678))
        XCTAssertEqual(NumberParsing.parse("1.234", decimal: .point), .number(1.234))
        XCTAssertEqual(reason("1,234", .point),
                       "ambiguous: the comma may group thousands (1,234 = 1234) or mark decimals (1,234 = 1.234); the layer is read with decimal points, so write 1234 to mean 1234, or 1.234 to mean 1.234; or set decimal = \",\" if the file writes decimal commas")
        XCTAssertEqual(NumberParsing.parse("1234", decimal: .point), .number(1234))
        XCTAssertEqual(reason("12,5", .point),
                       "it has a decimal comma, but the layer's numbers are read with decimal points; set decimal = \",\" for this layer if the file writes 12,5, or write 12.5")
        // Groups must be of three after a first group of one to three digits.
        XCTAssertNotNil(reason("12,34,567.5", .point))
        XCTAssertNotNil(reason("1234,567.5", .point))
        XCTAssertNotNil(reason("0,123.5", .point))
    }

    func testUndecidedLayersRefuseOnlyTheAmbiguous() {
        XCTAssertEqual(NumberParsing.parse("12", decimal: nil), .number(12))
        XCTAssertEqual(reason("1,200", nil),
                       "ambiguous: 1,200 is 1200 if the comma groups thousands, 1.200 if it is a decimal mark, and no other number of the layer shows which; set decimal = \".\" or decimal = \",\" for this layer, or write the number without grouping")
        XCTAssertEqual(reason("2.500", nil),
                       "ambiguous: 2.500 is 2500 if the point groups thousands, 2.500 if it is a decimal mark, and no other number of the layer shows which; set decimal = \".\" or decimal = \",\" for this layer, or write the number without grouping")
    }

    func testEvidence() {
        func ev(_ s: String) -> DecimalEvidence { NumberParsing.evidence(Array(s.utf8)) }
        XCTAssertEqual(ev("-5.2086"), .proves(.point))
        XCTAssertEqual(ev("0.125"), .proves(.point))
        XCTAssertEqual(ev("1,234.5"), .proves(.point))
        XCTAssertEqual(ev("1,234,567"), .proves(.point))
        XCTAssertEqual(ev("1234.567"), .proves(.point))
        XCTAssertEqual(ev("9,0066"), .proves(.comma))
        XCTAssertEqual(ev("0,125"), .proves(.comma))
        XCTAssertEqual(ev("1.234,5"), .proves(.comma))
        XCTAssertEqual(ev("1.234.567"), .proves(.comma))
        XCTAssertEqual(ev("1,5e-05"), .proves(.comma))
        XCTAssertEqual(ev("1,234"), .ambiguous)
        XCTAssertEqual(ev("-6,421"), .ambiguous)
        XCTAssertEqual(ev(" 1.234 "), .ambiguous)
        XCTAssertEqual(ev("12"), DecimalEvidence.none)
        XCTAssertEqual(ev("n/a"), DecimalEvidence.none)
        XCTAssertEqual(ev("1.2.3,4,5"), DecimalEvidence.none)
    }
}

final class DateSpellingTests: XCTestCase {
    func testUnambiguousSpellings() {
        for s in ["2020-12-31", "2020-12-31T00:00:00", "2020-12-31 08:15", "20201231", "31 December 2020", "31-December-2020",
                  "31-Dec-2020", "31 dec 2020", "December 31, 2020", "31 décembre 2020"] {
            XCTAssertEqual(DateSpelling(s), .exact(ISODate(iso: "2020-12-31")!), s)
        }
        XCTAssertEqual(DateSpelling("31 June 2020"), .unreadable)
        XCTAssertEqual(DateSpelling("2018/01/10"), .unreadable)
        XCTAssertEqual(DateSpelling("12/31/20"), .unreadable, "two-digit years are not read")
    }

    func testNumericDatesNeedAnOrder() {
        let s = DateSpelling("03/04/2020")
        XCTAssertEqual(s, .numeric(first: 3, second: 4, year: 2020))
        XCTAssertNil(s.provenOrder)
        XCTAssertNil(s.date(order: nil))
        XCTAssertEqual(s.date(order: .dayFirst), ISODate(iso: "2020-04-03"))
        XCTAssertEqual(s.date(order: .monthFirst), ISODate(iso: "2020-03-04"))
        XCTAssertEqual(DateSpelling("31.12.2020").provenOrder, .dayFirst)
        XCTAssertEqual(DateSpelling("12-31-2020").provenOrder, .monthFirst)
        XCTAssertEqual(DateSpelling("12/31/2020 0:00").date(order: .monthFirst), ISODate(iso: "2020-12-31"))
        XCTAssertNil(DateSpelling("12/31/2020").date(order: .dayFirst), "month 31 is no date")
    }

    func testColumnOrderIsProvedOrAskedFor() {
        func detect(_ texts: [String]) -> DateColumnOrder {
            DateColumnOrder.detect(texts.enumerated().map { ($0.element, $0.offset + 2) })
        }
        XCTAssertEqual(detect(["2020-01-02", "5 March 2020"]), .notNeeded)
        XCTAssertEqual(detect(["03/04/2020", "12/30/2020", "2020-01-02"]), .proven(.monthFirst, example: "12/30/2020", line: 3))
        XCTAssertEqual(detect(["03/04/2020", "30/12/2020"]), .proven(.dayFirst, example: "30/12/2020", line: 3))
        XCTAssertEqual(detect(["03/04/2020", "2020-01-02", "05/06/2020"]), .undecidable(example: "03/04/2020", line: 2, count: 2))
        XCTAssertEqual(detect(["15/06/2020", "12-31-2020"]),
                       .contradictory(dayFirst: "15/06/2020", dayFirstLine: 2, monthFirst: "12-31-2020", monthFirstLine: 3))
        // 13/13/2020 is no date either way: it proves nothing, and is reported as a bad date later.
        XCTAssertEqual(detect(["13/13/2020", "01/02/2020"]), .undecidable(example: "01/02/2020", line: 3, count: 1))
    }

    func testFormatsStatedInTheManifest() {
        XCTAssertEqual(DateFormat(stated: "DD/MM/YYYY"), .dayMonthYear)
        XCTAssertEqual(DateFormat(stated: "mm-dd-yyyy"), .monthDayYear)
        XCTAssertEqual(DateFormat(stated: "YYYY-MM-DD"), .iso)
        XCTAssertEqual(DateFormat(stated: "D Month YYYY"), .dayMonthNameYear)
        XCTAssertNil(DateFormat(stated: "DD/MM/YY"))
        XCTAssertEqual(DateFormat.monthDayYear.order, .monthFirst)
        XCTAssertNil(DateFormat.iso.order)
    }
}
