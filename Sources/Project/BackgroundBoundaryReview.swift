import Foundation
import Domain
import Geometry
import Joins

/// `BoundaryReview` started on another core as soon as the boundaries are read, so that its
/// unions and pair tests overlap with reading the layers; `finish` waits for it, then counts the
/// points in overlaps, which needs the layers.
final class BackgroundBoundaryReview: @unchecked Sendable {
    private let group = DispatchGroup()
    // Written once by the background task, read only after `group.wait()`.
    private var result: (BoundaryReview.Review, [AreaOverlap])?

    init(units: UnitSet, levels: [LoadedLevel], unitsFile: String, parentField: String?) {
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            result = BoundaryReview.shapes(units: units, levels: levels, unitsFile: unitsFile, parentField: parentField)
        }
    }

    func finish(layers: [BoundLayer]) -> (BoundaryReport, [Diagnostic]) {
        group.wait()
        guard let (done, overlaps) = result else { return (BoundaryReport(), []) }
        var review = done
        review.points(in: overlaps, layers: layers)
        return (review.report, review.diagnostics)
    }
}
