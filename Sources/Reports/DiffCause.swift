import Domain
import Outputs

extension RankingDiff {
    /// One of the two rankings compared.
    public enum Side: String, Sendable, Hashable { case a = "A", b = "B" }

    /// Why a unit changed between the two rankings, most direct first. `description` is the text
    /// of the console summary and of diff.csv's `causes` column.
    public enum Cause: Hashable, Sendable, CustomStringConvertible {
        /// Out of the list on one side: where that side put it ("rank 4, below the top 3",
        /// "not ranked: gate …", "rank 3, not selected: over budget …").
        case outOfTheList(Side, status: String)
        /// A change of the method: a weight or combination along the criterion's line of parents,
        /// or the transform, scale, source, fact or window of an indicator below it.
        case method(MethodChange)
        /// An indicator has a value on one side only.
        case missingOnOneSide(indicator: String)
        /// An indicator's values rescaled over a different number of units ranked.
        case rescaled(indicator: String, rankedA: Int, rankedB: Int)
        /// The two rankings read different projects and the indicator's input data differ.
        case inputsDiffer(indicator: String)
        /// An indicator's value changed with nothing in the method to explain it.
        case valueChanged(indicator: String, a: Double?, b: Double?)
        /// A criterion's share changed with no method change along its line: a missing-data rule
        /// applied on one side only.
        case missingDataRule(criterion: String)
        /// The unit's score did not change; it moved because other units did.
        case othersMoved(score: Double?, fellOut: Int, fellBelow: Int, rose: Int)

        public var description: String {
            switch self {
            case .outOfTheList(let side, let status): return "\(side.rawValue): \(status)"
            case .method(let change): return change.text
            case .missingOnOneSide(let name): return "\(name) missing on one side"
            case .rescaled(let name, let a, let b): return "values of \(name) rescaled over the units ranked (\(a) → \(b))"
            case .inputsDiffer(let name): return "input data of \(name) differ"
            case .valueChanged(let name, let a, let b): return "value of \(name) \(NumberText.fixed(a)) → \(NumberText.fixed(b))"
            case .missingDataRule(let name): return "share of \(name) in the score changed (a missing-data rule applied on one side only)"
            case .othersMoved(let score, let fellOut, let fellBelow, let rose):
                var parts: [String] = []
                if fellOut > 0 { parts.append("\(fellOut) unit\(fellOut == 1 ? "" : "s") above it in A not ranked in B") }
                if fellBelow > 0 { parts.append("\(fellBelow) unit\(fellBelow == 1 ? "" : "s") above it in A now below it") }
                if rose > 0 { parts.append("\(rose) unit\(rose == 1 ? "" : "s") below it in A now above it") }
                return "score unchanged (\(NumberText.fixed(score))): " + parts.joined(separator: "; ")
            }
        }
    }
}
