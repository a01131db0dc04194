import Foundation
import Geometry
import Domain
import Joins
import Manifest

/// The boundaries (units, then each level) read on another core while the loader reads the
/// layers on its own thread, and their review (`BackgroundBoundaryReview`) started as soon as they
/// are read. The layers stay on the loader's thread: their rows are most of the run's memory, and
/// memory a helper thread allocates stays in that thread's heap after it is freed.
///
/// Which error a failed load reports does not depend on timing: a boundary's error wins over any
/// layer's (as when the boundaries were read first), and the layers stop at their first error, so
/// it is the first failing entry in manifest order that is reported.
final class BackgroundBoundaries: @unchecked Sendable {
    /// The boundaries read, with their file entries and diagnostics in manifest order.
    struct Read {
        var units: UnitSet
        var levels: [LoadedLevel]
        var files: [LoadedFile]
        var diagnostics: [Diagnostic]
        var review: BackgroundBoundaryReview
    }

    private let group = DispatchGroup()
    private let lock = NSLock()
    private var outcome: Result<Read, Error>?

    init(manifest: ProjectManifest) {
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            let read = Result { try Self.read(manifest) }
            lock.lock(); outcome = read; lock.unlock()
        }
    }

    private static func read(_ manifest: ProjectManifest) throws -> Read {
        var files: [LoadedFile] = []
        let (units, unitDiagnostics) = try ProjectLoader.boundary(manifest.units, manifest: manifest, files: &files)
        var diagnostics = unitDiagnostics
        var levels: [LoadedLevel] = []
        for spec in manifest.levels {
            let (set, d) = try ProjectLoader.boundary(spec, manifest: manifest, files: &files)
            diagnostics += d
            levels.append(LoadedLevel(name: spec.level ?? spec.label, units: set))
        }
        // PROJ (for the geodesics of the review and of the joins) loaded here, while the layers
        // are read, rather than on the loader's thread when the joins first need it, where GDAL's
        // libraries, loading by then, would hold the loader's lock; a missing PROJ is an error
        // of the load, said before any geodesic is asked of it.
        try PROJLibrary.ready()
        // Overlaps, gaps and units outside their parent, while the layers are still being read.
        let review = BackgroundBoundaryReview(units: units, levels: levels, unitsFile: manifest.units.path.written,
                                              parentField: manifest.units.parent?.name)
        return Read(units: units, levels: levels, files: files, diagnostics: diagnostics, review: review)
    }

    /// Whether reading a boundary has already failed (then its error is the one reported, and
    /// the layers need not be read any further).
    var hasFailed: Bool {
        lock.lock(); defer { lock.unlock() }
        if case .failure? = outcome { return true }
        return false
    }

    /// The boundaries once read; the first boundary's error in manifest order is thrown.
    func wait() throws -> Read {
        group.wait()
        lock.lock(); defer { lock.unlock() }
        return try outcome!.get()
    }
}
