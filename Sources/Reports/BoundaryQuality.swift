import Domain
import Project

/// The boundary section of `data_quality.txt`: the boundary checks' counts, total areas and
/// largest findings (`BoundaryReport.lines`); each finding is also listed with its warning code.
extension RunRecord {
    func boundaryQualityText() -> String {
        "\nBoundaries (\(project.units.count) units)\n" + project.boundaries.lines().map { "  " + $0 + "\n" }.joined()
    }
}
