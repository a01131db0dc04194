import XCTest
import Domain
@testable import Rules

/// DeclarationSchema is the one description of what each declaration takes: these tests derive
/// their cases from it, so a key added there and not handled by the prelude (or by the
/// documentation) fails here.
final class SchemaAgreementTests: XCTestCase {
    let method = "facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"x\" { } }\n"

    func loadError(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        Fixture.errorText(file: file, line: line) { _ = try Fixture.load(method + body) }
    }

    /// A declaration of each kind on line 3 with `extra` among its options, and the words its
    /// messages start with.
    func declaration(_ kind: DeclarationSchema.Kind, constructor: String, extra: String) -> (code: String, what: String) {
        switch kind.luaClass {
        case "FactOptions": return ("facts { e = \(constructor) { \(extra) } }", constructor)
        case "IndicatorOptions": return ("criterion \"d\" { indicator \"y\" { value = \"x\", \(extra) } }", "indicator y")
        case "CriterionOptions": return ("criterion \"d\" { indicator \"y\" { value = \"x\" }, \(extra) }", "criterion d")
        case "ScoreOptions": return ("score { \"c\", \(extra) }", "score")
        case "GateOptions": return ("gate \"g\" { \(extra) }", "gate g")
        case "FlagOptions": return ("flag \"f\" { \(extra) }", "flag f")
        case "OverrideOptions": return ("\(constructor) { \"CD9102001\", \(extra) }", constructor)
        case "ClassesOptions": return ("classes { \"high\", \"low\", \(extra) }", "classes")
        case "SelectionOptions": return ("selection { \(extra) }", "selection")
        case "FitWeightsOptions": return ("fit_weights { \(extra) }", "fit_weights")
        case "UncertaintyOptions": return ("uncertainty { \(extra) }", "uncertainty")
        case "WeightSpread": return ("uncertainty { weights = { all = { \(extra) } } }", "uncertainty: weights.all")
        default:
            XCTFail("no test declaration for \(kind.luaClass): add one here")
            return ("", "")
        }
    }

    func testAnUnknownKeyIsAnErrorAtItsLineInEveryDeclaration() {
        for kind in DeclarationSchema.kinds {
            for constructor in kind.constructors.isEmpty ? [""] : kind.constructors {
                let d = declaration(kind, constructor: constructor, extra: "colour = 1")
                let allowed = kind.keys.map(\.name).sorted().joined(separator: ", ")
                XCTAssertEqual(loadError(d.code), "Scripts/test.lua:3: \(d.what): unknown option 'colour' (allowed: \(allowed))", d.code)
            }
        }
    }

    func testEveryKeyRefusesAValueOfTheWrongTypeAtItsLine() {
        for kind in DeclarationSchema.kinds {
            let constructor = kind.constructors.first ?? ""
            for key in kind.keys {
                // A boolean fits no key but a boolean one; those get a number.
                let wrong = key.type == .boolean ? "1" : "true"
                let d = declaration(kind, constructor: constructor, extra: "\(key.name) = \(wrong)")
                let text = loadError(d.code)
                XCTAssertTrue(text.hasPrefix("Scripts/test.lua:3: "), "\(d.code): \(text)")
                switch key.type {
                case .integer: XCTAssertEqual(text, "Scripts/test.lua:3: \(d.what): \(key.name) must be a whole number ≥ 0 (got true)")
                case .number: XCTAssertEqual(text, "Scripts/test.lua:3: \(d.what): \(key.name) must be a finite number (got true)")
                case .text: XCTAssertEqual(text, "Scripts/test.lua:3: \(d.what): \(key.name) must be text (got true)")
                case .boolean: XCTAssertEqual(text, "Scripts/test.lua:3: \(d.what): \(key.name) must be true or false (got 1)")
                case .table, .function, .any: break // the constructor's own words, at the line
                }
            }
        }
    }

    func testWholeNumbersAreCheckedAgainstTheirRange() throws {
        for kind in DeclarationSchema.kinds {
            for key in kind.keys where key.type == .integer {
                let min = try XCTUnwrap(key.min), max = try XCTUnwrap(key.max)
                let what = declaration(kind, constructor: kind.constructors.first ?? "", extra: "").what
                func code(_ v: String) -> String { declaration(kind, constructor: kind.constructors.first ?? "", extra: "\(key.name) = \(v)").code }
                XCTAssertEqual(loadError(code("2.5")), "Scripts/test.lua:3: \(what): \(key.name) must be a whole number ≥ \(Int64(min)) (got 2.5)")
                XCTAssertEqual(loadError(code("-1")), "Scripts/test.lua:3: \(what): \(key.name) must be a whole number ≥ \(Int64(min)) (got -1)")
                XCTAssertEqual(loadError(code("\(Int64(max)) + 1")), "Scripts/test.lua:3: \(what): \(key.name) must be at most \(Int64(max)) (got \(Int64(max) + 1))")
                XCTAssertEqual(loadError(code("2^63")), "Scripts/test.lua:3: \(what): \(key.name) must be at most \(Int64(max)) (got 9.2233720368548e+18)")
            }
        }
    }

    /// Scripts/targeting.d.lua documents each declaration's options as a `---@class` with one
    /// `---@field` per key: the same keys as the schema.
    func testTheLuaDefinitionsListTheSchemasKeys() throws {
        let text = try String(contentsOf: Fixture.repoRoot.appendingPathComponent("Scripts/targeting.d.lua"), encoding: .utf8)
        var fields: [String: [String]] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(separator: " ")
            if words.first == "---@class", words.count > 1 { current = String(words[1]); fields[current!] = [] }
            else if words.first == "---@field", words.count > 1, let c = current {
                fields[c]!.append(String(words[1].hasSuffix("?") ? words[1].dropLast() : words[1]))
            } else if !line.hasPrefix("---") { current = nil }
        }
        for kind in DeclarationSchema.kinds {
            XCTAssertEqual(fields[kind.luaClass]?.sorted(), kind.keys.map(\.name).sorted(), "---@class \(kind.luaClass) in Scripts/targeting.d.lua")
        }
    }

    /// The host reads the declaration with its types: a whole number the prelude let through as
    /// a float is still a whole number, a fraction where one is needed is an error naming the
    /// declaration's line.
    func testTheHostReadsTypesNotText() throws {
        let table = LuaValue.table(LuaTable(fields: ["top": .float(30), "where": .string(Array("Scripts/test.lua:7".utf8)),
                                                    "locked_in": .table(LuaTable()), "locked_out": .table(LuaTable())]))
        XCTAssertEqual(try LuaValueDecoder.decode(SelectionDecl.self, from: table).top, 30)
        let fraction = LuaValue.table(LuaTable(fields: ["top": .float(2.5), "where": .string(Array("Scripts/test.lua:7".utf8)),
                                                       "locked_in": .table(LuaTable()), "locked_out": .table(LuaTable())]))
        XCTAssertThrowsError(try LuaValueDecoder.decode(SelectionDecl.self, from: fraction)) { error in
            XCTAssertEqual(error as? LuaValueDecodingError,
                           LuaValueDecodingError(message: "top: a whole number from \(Int.min) to \(Int.max) expected (got 2.5)", whereText: "Scripts/test.lua:7"))
        }
        let huge = LuaValue.table(LuaTable(fields: ["top": .float(0x1p63), "locked_in": .table(LuaTable()), "locked_out": .table(LuaTable())]))
        XCTAssertThrowsError(try LuaValueDecoder.decode(SelectionDecl.self, from: huge))
        let badText = LuaValue.table(LuaTable(fields: ["labels": .table(LuaTable(sequence: [.string([0xff])])), "method": .string(Array("quantile".utf8))]))
        XCTAssertThrowsError(try LuaValueDecoder.decode(ClassesDecl.self, from: badText)) { error in
            XCTAssertEqual((error as? LuaValueDecodingError)?.message, "labels[1]: UTF-8 text expected (got \"\\xFF\")")
        }
    }

    /// Text that is not UTF-8 is an error at the declaration's line, showing the bytes; printed, it is escaped.
    func testTextThatIsNotUTF8() throws {
        let e = Fixture.errorText { _ = try Fixture.load(method + "criterion \"d\" { indicator \"y\" { value = \"x\", title = \"caf\\xe9\" } }") }
        XCTAssertEqual(e, "Scripts/test.lua:3: title: UTF-8 text expected (got \"caf\\xE9\")\n  hint: save the script as UTF-8 text, or leave those bytes out")
        let p = try Fixture.load(method + "print(\"caf\\xe9\", 1)")
        XCTAssertEqual(p.log, ["Scripts/test.lua:3: caf\\xE9\t1"])
    }

    /// A missing-data policy name the prelude would let through is still an error at its line.
    func testAnUnknownPolicyNameIsNeverInherited() {
        XCTAssertThrowsError(try MethodBuilder.policy("parent_median", nil, of: "criterion c", at: SourceLocation(file: "x.lua", line: 4))) { error in
            XCTAssertEqual("\(error)", "x.lua:4: criterion c: missing = \"parent_median\" is not a missing-data policy\n  hint: use \"exclude\", \"rescale\", \"parent_mean\" or a number")
        }
        XCTAssertEqual(loadError("criterion \"d\" { indicator \"y\" { value = \"x\" }, missing = \"parent_median\" }"),
                       "Scripts/test.lua:3: criterion d: missing must be \"exclude\", \"rescale\", \"parent_mean\" or a number (got parent_median)")
    }
}

/// The defaults the schema documents are the ones the builders apply.
final class SchemaDefaultsTests: XCTestCase {
    func testDocumentedDefaultsAreApplied() throws {
        XCTAssertEqual(DeclarationSchema.uncertainty.key("runs")?.defaultValue, String(UncertaintyBuilder.defaultRuns))
        XCTAssertEqual(DeclarationSchema.uncertainty.key("seed")?.defaultValue, String(UncertaintyBuilder.defaultSeed))
        // A method with nothing but names: weight 1, the mean, min–max 0–10, higher is worse.
        let p = try Fixture.load("facts { x = attribute \"x\" }\ncriterion \"c\" { indicator \"x\" { } }\n")
        XCTAssertEqual(DeclarationSchema.indicator.key("weight")?.defaultValue, "1")
        XCTAssertEqual(DeclarationSchema.criterion.key("aggregate")?.defaultValue, "mean")
        XCTAssertEqual(DeclarationSchema.indicator.key("direction")?.defaultValue, "higher_is_worse")
        guard case .criterion(let c)? = p.method.score.children.first, case .indicator(let i)? = c.children.first else {
            return XCTFail("criterion c with indicator x expected")
        }
        XCTAssertEqual(c.weight, 1)
        XCTAssertEqual(c.aggregation, .mean)
        XCTAssertEqual(i.weight, 1)
        XCTAssertEqual(i.direction, .higherIsWorse)
        XCTAssertEqual(i.normalisation, .minMax(lower: 0, upper: 10))
    }
}
