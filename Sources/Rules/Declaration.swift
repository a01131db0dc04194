/// The declaration as the prelude hands it over (`__host_declaration`), read through the Lua C API
/// with its types by `LuaValueDecoder` (field names as on the Lua side). What the user may write
/// in each declaration is `DeclarationSchema`; these types are the prelude-to-host shape built from it.
struct Declaration: Decodable {
    var facts: [FactDecl]
    var score: RootDecl
    var gates: [RuleDecl]
    var overrides: [OverrideDecl]
    var flags: [RuleDecl]
    var classes: ClassesDecl?
    var selection: SelectionDecl?
    var uncertainty: UncertaintyDecl?
    var fit_weights: FitWeightsDecl?
    var unit_fns: [UnitFnDecl]
    var log: [String]
    /// Criteria and indicators declared but not reachable from the score.
    var unused: [UnusedDecl]
}

struct UnusedDecl: Decodable {
    var type: String
    var name: String
    var `where`: String
}

struct FactDecl: Decodable {
    var name: String
    var kind: String
    var layer: String?
    var field: String?
    var km: Double?
    var from: Int?
    var to: Int?
    var filters: [FilterDecl]
    var `where`: String
}

struct FilterDecl: Decodable {
    var field: String
    var op: String
    var values: [FilterValueDecl]
}

struct FilterValueDecl: Decodable {
    var text: String?
    var number: Double?
    var bool: Bool?
    var date: String?
}

struct RootDecl: Decodable {
    var aggregate: String
    var title: String?
    var children: [NodeDecl]
    var `where`: String?
    var missing: String?
    var missing_value: Double?
    var shift: Double?
}

struct NodeDecl: Decodable {
    var type: String
    var name: String
    var title: String?
    var `where`: String
    var weight: Double
    // indicators
    var fact: String?
    var fn: Int?
    var fn_where: String?
    var transforms: [TransformDecl]?
    var direction: String?
    var scale: ScaleDecl?
    // criteria
    var aggregate: String?
    var children: [NodeDecl]?
    /// "exclude", "rescale", "parent_mean", or nil with `missing_value` (a stated value) or with
    /// neither (the score's policy applies).
    var missing: String?
    var missing_value: Double?
    var shift: Double?
}

struct TransformDecl: Decodable {
    var kind: String
    var value: Double?
    var lower: Double?
    var upper: Double?
}

struct ScaleDecl: Decodable {
    var kind: String
    var lower: Double?
    var upper: Double?
    var min: Double?
    var max: Double?
    var scale: Double?
    var breaks: [Double]?
    var scores: [Double]?
}

struct RuleDecl: Decodable {
    var name: String
    var reason: String
    var fn: Int
    var `where`: String
}

struct OverrideDecl: Decodable {
    var action: String
    var units: [String]
    var reason: String
    var `where`: String
    var fn: Int?
    var fn_where: String?
}

struct ClassesDecl: Decodable {
    var labels: [String]
    var breaks: [Double]?
    var method: String
}

struct LevelQuotaDecl: Decodable {
    var level: String
    var max: Int
}

struct SelectionDecl: Decodable {
    var top: Int?
    var per_parent: Int?
    var at_least_per_parent: Int?
    /// `per = { province = 3 }`, as a list sorted by level name.
    var per: [LevelQuotaDecl]?
    var budget: Double?
    var cost_source: String?
    var cost_fn: Int?
    var `where`: String?
    var locked_in: [String]
    var locked_out: [String]
}

struct UnitFnDecl: Decodable {
    var kind: String
    var name: String
    var `where`: String
}
