import Foundation
import Domain

/// A fact or an indicator with the same value for every unit cannot tell units apart: an
/// indicator that is constant scales to 0 for all of them and only dilutes its criterion. Usually
/// it means a filter, a window or a layer that selects nothing; said as warnings naming the line.
package enum ConstantCheck {
    package static func facts(_ facts: [(spec: FactSpec, values: [Double?])], rules: RulesScript) -> [Diagnostic] {
        facts.compactMap { fact in
            guard let value = constantValue(fact.values) else { return nil }
            let at = fact.spec.location ?? SourceLocation(file: rules.path)
            return Diagnostic(.warning, at, code: .constantFact,
                "fact \(fact.spec.name) is \(Value.format(value)) for every unit that has a value (\(fact.values.compactMap { $0 }.count) units): it cannot tell units apart",
                hint: "check its layer, its where filter and its window (\(fact.spec))")
        }
    }

    package static func indicators(_ input: RankingInput) -> [Diagnostic] {
        input.method.score.indicators.compactMap { ind in
            guard let value = constantValue(input.units.lazy.map { $0.raw[ind.name] }) else { return nil }
            return Diagnostic(.warning, ind.location ?? SourceLocation(file: input.method.script), code: .constantIndicator,
                "indicator \(ind.name) is \(Value.format(value)) for every unit that has a value: it scales to 0 for all of them and weighs nothing in the ranking",
                hint: "check the facts it reads and its value function")
        }
    }

    /// The one value shared by every non-missing entry, when there are at least two. Read until
    /// the first value that differs (the second or third unit, for most indicators): the check
    /// runs on one core between the rules and the ranking.
    private static func constantValue<S: Sequence>(_ values: S) -> Double? where S.Element == Double? {
        var first: Double?
        var count = 0
        for case let v? in values {
            if let first { guard v == first else { return nil } } else { first = v }
            count += 1
        }
        return count >= 2 ? first : nil
    }
}
