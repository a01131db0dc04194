/// The declarations of the rules API and the keys each one takes: their types, ranges, choices
/// and defaults, in one place. The prelude is given this table when the sandbox starts
/// (`__host_set_schema`) and checks every table a script passes against it, so that an unknown
/// key, a value of the wrong type or a whole number out of range is an error at the script's
/// line; the host reads the declaration back with the same types (`LuaValueDecoder`);
/// `Scripts/targeting.d.lua` lists the same keys (a test compares them).
///
/// To add a key: add it here (and to its `---@class` in targeting.d.lua), then read it where the
/// declaration is built (the prelude's constructor, `Declaration.swift`, the builder).
enum DeclarationSchema {
    enum ValueType: String, Sendable {
        /// A whole number (a float such as 2^5 counts when it is exactly whole) within min…max.
        case integer
        /// A finite number; its range (min, max) is checked by the constructor, with its own words.
        case number
        case text
        case boolean
        case function
        /// A table, checked by the constructor (lists, nested options).
        case table
        /// Several types (a date or its text, a name or a function…): checked by the constructor.
        case any
    }

    struct Key: Sendable {
        let name: String
        let type: ValueType
        var min: Double? = nil
        var max: Double? = nil
        /// For text: the values allowed (checked by the constructor or the builder, in their words).
        var choices: [String] = []
        /// What applies when the key is absent, as the documentation writes it; nil: nothing (or required).
        var defaultValue: String? = nil
    }

    struct Kind: Sendable {
        /// The name messages use ("selection", "uncertainty weights entry").
        let name: String
        /// The Lua functions that take this table (count, sum… all take a fact's options).
        let constructors: [String]
        /// The `---@class` of Scripts/targeting.d.lua that documents the table.
        let luaClass: String
        let keys: [Key]

        func key(_ name: String) -> Key? { keys.first { $0.name == name } }
    }

    /// Whole numbers handed to the host stay within the range a double holds exactly.
    static let largestWholeNumber = 9_007_199_254_740_992.0
    static let aggregates = ["mean", "geometric", "minimum", "maximum"]

    static let fact = Kind(name: "fact", constructors: ["count", "sum", "mean", "minimum", "maximum", "within", "nearest", "latest", "per_10k"],
                                  luaClass: "FactOptions", keys: [
        Key(name: "layer", type: .text),
        Key(name: "field", type: .text),
        Key(name: "from", type: .any),
        Key(name: "to", type: .any),
        Key(name: "where", type: .table),
        Key(name: "km", type: .number, min: 0),
    ])
    static let indicator = Kind(name: "indicator", constructors: ["indicator"], luaClass: "IndicatorOptions", keys: [
        Key(name: "title", type: .text),
        Key(name: "value", type: .any, defaultValue: "the fact of the indicator's name"),
        Key(name: "transform", type: .any),
        Key(name: "cap", type: .number),
        Key(name: "floor", type: .number),
        Key(name: "winsorise", type: .table),
        Key(name: "direction", type: .text, choices: ["higher_is_worse", "lower_is_worse"], defaultValue: "higher_is_worse"),
        Key(name: "invert", type: .boolean, defaultValue: "false"),
        Key(name: "scale", type: .any, defaultValue: "minmax"),
        Key(name: "weight", type: .number, min: 0, defaultValue: "1"),
    ])
    static let criterion = Kind(name: "criterion", constructors: ["criterion"], luaClass: "CriterionOptions", keys: [
        Key(name: "title", type: .text),
        Key(name: "weight", type: .number, min: 0, defaultValue: "1"),
        Key(name: "aggregate", type: .text, choices: aggregates, defaultValue: "mean"),
        Key(name: "missing", type: .any, choices: MissingPolicyName.allCases.map(\.rawValue), defaultValue: "the score's, else exclude"),
        Key(name: "shift", type: .number, min: 0),
    ])
    static let score = Kind(name: "score", constructors: ["score"], luaClass: "ScoreOptions", keys: [
        Key(name: "title", type: .text),
        Key(name: "aggregate", type: .text, choices: aggregates, defaultValue: "mean"),
        Key(name: "weights", type: .table),
        Key(name: "missing", type: .any, choices: MissingPolicyName.allCases.map(\.rawValue), defaultValue: "exclude"),
        Key(name: "shift", type: .number, min: 0),
    ])
    static let gate = Kind(name: "gate", constructors: ["gate"], luaClass: "GateOptions", keys: [
        Key(name: "eligible_if", type: .function),
        Key(name: "reason", type: .text),
    ])
    static let flag = Kind(name: "flag", constructors: ["flag"], luaClass: "FlagOptions", keys: [
        Key(name: "when", type: .function),
        Key(name: "reason", type: .text),
    ])
    static let override = Kind(name: "override", constructors: ["include", "exclude"], luaClass: "OverrideOptions", keys: [
        Key(name: "reason", type: .text),
        Key(name: "when", type: .function),
    ])
    static let classes = Kind(name: "classes", constructors: ["classes"], luaClass: "ClassesOptions", keys: [
        Key(name: "method", type: .text, choices: ["quantile"], defaultValue: "quantile"),
        Key(name: "breaks", type: .table),
    ])
    static let selection = Kind(name: "selection", constructors: ["selection"], luaClass: "SelectionOptions", keys: [
        Key(name: "top", type: .integer, min: 0, max: largestWholeNumber),
        Key(name: "per_parent", type: .integer, min: 0, max: largestWholeNumber),
        Key(name: "at_least_per_parent", type: .integer, min: 0, max: largestWholeNumber),
        Key(name: "per", type: .table),
        Key(name: "budget", type: .number),
        Key(name: "cost", type: .any),
        Key(name: "locked_in", type: .table),
        Key(name: "locked_out", type: .table),
    ])
    static let fitWeights = Kind(name: "fit_weights", constructors: ["fit_weights"], luaClass: "FitWeightsOptions", keys: [
        Key(name: "method", type: .text, choices: ["least_squares", "principal_component"], defaultValue: "least_squares"),
        Key(name: "outcome", type: .text),
        Key(name: "per", type: .text, choices: ["population"]),
        Key(name: "higher_is", type: .text, choices: ["better", "worse"]),
    ])
    static let uncertainty = Kind(name: "uncertainty", constructors: ["uncertainty"], luaClass: "UncertaintyOptions", keys: [
        Key(name: "runs", type: .integer, min: 0, max: 100_000, defaultValue: "1000"),
        Key(name: "seed", type: .integer, min: 0, max: largestWholeNumber, defaultValue: "1"),
        Key(name: "weights", type: .table),
        Key(name: "aggregations", type: .table),
        Key(name: "scales", type: .table),
        Key(name: "windows", type: .table),
    ])
    /// One entry of uncertainty's weights given as a table.
    static let weightSpread = Kind(name: "uncertainty weight", constructors: [], luaClass: "WeightSpread", keys: [
        Key(name: "low", type: .number),
        Key(name: "high", type: .number),
        Key(name: "sd", type: .number),
    ])

    static let kinds: [Kind] = [fact, indicator, criterion, score, gate, flag, override, classes, selection, fitWeights, uncertainty, weightSpread]

    /// The table as the prelude reads it: one line per key, "kind\tkey\ttype\tmin\tmax" (an empty
    /// field when there is no bound). Host to host, never shown to users.
    static var preludeText: String {
        kinds.flatMap { kind in
            kind.keys.map { k in
                [kind.luaClass, k.name, k.type.rawValue, k.min.map(format) ?? "", k.max.map(format) ?? ""].joined(separator: "\t")
            }
        }.joined(separator: "\n")
    }

    private static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) <= largestWholeNumber ? String(Int64(x)) : "\(x)"
    }
}

/// The names `missing = …` takes besides a number.
enum MissingPolicyName: String, CaseIterable, Sendable {
    case exclude, rescale
    case parentMean = "parent_mean"
}
