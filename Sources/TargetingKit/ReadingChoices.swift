import Foundation
import Domain

extension Progress {
    /// The codes of the warnings that say how a file's values were read when the manifest did not
    /// state it (decimal commas, the day/month order of dates): each changes every number or date
    /// of a layer, so it is printed at once, not only counted in the report.
    package static let readingChoiceCodes: Set<DiagnosticCode> = [.decimalComma, .dateOrder]

    package func announceReadingChoices(_ diagnostics: [Diagnostic]) {
        guard level != .quiet else { return }
        let choices = diagnostics.filter { Progress.readingChoiceCodes.contains($0.code) }
        guard !choices.isEmpty else { return }
        done()
        for d in choices { FileHandle.standardError.write(Data("warning: \(d)\n".utf8)) }
    }
}
