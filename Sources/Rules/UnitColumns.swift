import CLuaSandbox
import Domain

/// The units as the C layer hands them to the rules (`lsb_units`): every text in one byte buffer,
/// numbers in arrays, attributes by column. Built once per program; rule functions read the
/// values straight from these arrays (no text encoding, no parsing).
struct UnitColumns {
    /// A run of `bytes`; length -1 = no value.
    struct Span { var offset: Int; var length: Int }
    struct Cell { var kind: Int32; var number: Double; var text: Span }

    /// The attribute columns, in the order the prelude received them (`fieldNames`).
    let fields: [String]
    private var bytes: [UInt8] = [0] // never empty, so that "" has an address (NULL means no value)
    private var ids: [Span] = [], names: [Span] = [], parents: [Span] = []
    private var population: [Double] = []
    private var attributes: [Cell] = []

    /// The unit layer's field names as the prelude receives them: sorted, none empty, none with a
    /// line break (the list crosses as lines).
    static func fieldNames(_ units: [RuleUnit]) -> [String] {
        Set(units.flatMap(\.attributes.keys)).sorted().filter { !$0.isEmpty && !$0.contains("\n") }
    }

    init(units: [RuleUnit]) {
        fields = Self.fieldNames(units)
        for u in units {
            ids.append(add(u.id.rawValue))
            names.append(add(u.name))
            parents.append(u.parent.map { add($0.rawValue) } ?? Span(offset: 0, length: -1))
            population.append(Self.hasPopulation(u) ? u.population ?? .nan : .nan)
            for f in fields { attributes.append(cell(u.attributes[f] ?? .null)) }
        }
    }

    /// A population the rules can divide by: a finite number above 0 (0 is reported like a missing one).
    static func hasPopulation(_ u: RuleUnit) -> Bool { hasPopulation(u.population) }
    static func hasPopulation(_ population: Double?) -> Bool { (population.map { $0.isFinite && $0 > 0 }) ?? false }

    private mutating func add(_ s: String) -> Span {
        let span = Span(offset: bytes.count, length: s.utf8.count)
        bytes.append(contentsOf: s.utf8)
        return span
    }

    private mutating func cell(_ v: Value) -> Cell {
        let none = Span(offset: 0, length: -1)
        switch v {
        case .null: return Cell(kind: Int32(LSB_VALUE_NIL), number: 0, text: none)
        case .text(let t): return Cell(kind: Int32(LSB_VALUE_TEXT), number: 0, text: add(t))
        case .number(let d): return Cell(kind: Int32(d.isFinite ? LSB_VALUE_NUMBER : LSB_VALUE_NIL), number: d, text: none)
        case .bool(let b): return Cell(kind: Int32(b ? LSB_VALUE_TRUE : LSB_VALUE_FALSE), number: 0, text: none)
        case .date(let d): return Cell(kind: Int32(LSB_VALUE_TEXT), number: 0, text: add(d.description))
        }
    }

    /// The C view of the columns, with `facts` (units × `factCount`, NaN = missing), valid inside
    /// `body`; `body` sets `count` and `indices` for the units it evaluates.
    func withCUnits<R>(facts: [Double], factCount: Int, _ body: (inout lsb_units) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { raw in
            let base = UnsafeRawPointer(raw.baseAddress!).assumingMemoryBound(to: CChar.self)
            func text(_ s: Span) -> lsb_text { s.length < 0 ? lsb_text(bytes: nil, length: 0) : lsb_text(bytes: base + s.offset, length: s.length) }
            let cIDs = ids.map(text), cNames = names.map(text), cParents = parents.map(text)
            let cAttributes = attributes.map { lsb_value(kind: $0.kind, number: $0.number, text: text($0.text)) }
            return try cIDs.withUnsafeBufferPointer { pIDs in
                try cNames.withUnsafeBufferPointer { pNames in
                    try cParents.withUnsafeBufferPointer { pParents in
                        try population.withUnsafeBufferPointer { pPopulation in
                            try cAttributes.withUnsafeBufferPointer { pAttributes in
                                try facts.withUnsafeBufferPointer { pFacts in
                                    var units = lsb_units(count: 0, indices: nil, ids: pIDs.baseAddress, names: pNames.baseAddress,
                                                          parents: pParents.baseAddress, population: pPopulation.baseAddress,
                                                          field_count: fields.count, attributes: pAttributes.baseAddress,
                                                          fact_count: factCount, facts: pFacts.baseAddress)
                                    return try body(&units)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
