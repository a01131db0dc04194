import Domain
import Geometry
import Joins

/// The boundary checks run on every load (`inspect --project` and every run), the way COD-AB
/// boundaries are quality-checked before release:
///
/// - `boundary-overlap`: two units whose interiors overlap by at least the tolerance (one warning
///   per pair);
/// - `boundary-gap`: area inside a parent's outline that none of the units naming that parent
///   covers, nor any other unit (one warning per parent). The outline is the parent's polygon
///   from the first level that has the parent's code; without one, the union of the parent's
///   units, and then only holes inside that union count;
/// - `outside-parent`: a unit with more than half of its area outside the polygon of the parent
///   its code names (one warning per unit);
/// - `point-in-overlap`: points of a point layer inside both units of an overlapping pair (one
///   warning per layer and pair, naming the unit each went to); the placement already gives
///   each to the covering unit whose id sorts first, as on a shared border;
/// - `boundary-check-failed`: a pair or unit GEOS could not compute; the rest is still checked.
///
/// Warnings, not errors: the run goes on, and the report says where to look.
///
/// Most boundaries are a clean coverage, and proving it exactly (`CoverageProof`, linear in the
/// vertices) settles the overlaps and the holes inside unions without GEOS: then only the gaps
/// inside parents' outlines (levels) and the units outside their parent are computed with GEOS.
/// When the proof does not go through, every check runs with GEOS; the findings are the same
/// either way.
public enum BoundaryReview {
    /// Runs every check. `unitsFile` (as the manifest writes it) and `parentField` are named in
    /// the hints. Never throws: what GEOS cannot compute becomes a `boundary-check-failed` warning.
    /// `proveCoverage: false` runs every GEOS check even on a clean coverage (for tests).
    public static func run(units: UnitSet, levels: [LoadedLevel], layers: [BoundLayer], unitsFile: String,
                           parentField: String?, tolerances: BoundaryTolerances = .standard,
                           proveCoverage: Bool = true) -> (BoundaryReport, [Diagnostic]) {
        var (review, overlaps) = shapes(units: units, levels: levels, unitsFile: unitsFile, parentField: parentField,
                                        tolerances: tolerances, proveCoverage: proveCoverage)
        review.points(in: overlaps, layers: layers)
        return (review.report, review.diagnostics)
    }

    /// The checks that need only the boundaries (everything but points in overlaps), on a
    /// GEOS context of their own: the loader runs them on another core while it reads the layers.
    static func shapes(units: UnitSet, levels: [LoadedLevel], unitsFile: String, parentField: String?,
                       tolerances: BoundaryTolerances = .standard, proveCoverage: Bool = true) -> (Review, [AreaOverlap]) {
        var review = Review(units: units, unitsFile: unitsFile, parentField: parentField, tolerances: tolerances)
        var overlaps: [AreaOverlap] = []
        do {
            // Gaps and units outside their parent on every core; the overlaps (usually proven absent
            // by the gaps' unions) on the calling thread's checker.
            let pool = try CheckerPool(units.polygons, tolerances: tolerances)
            let parents = ParentOutlines(levels: levels)
            if proveCoverage && CoverageProof.check(units.polygons).isProven {
                // No overlap, and every hole in a parent's union is covered by other units: only
                // gaps against a parent's own outline are left to find.
                _ = review.gaps(pool, parents: parents, outlinedOnly: true)
            } else {
                // Gaps first: the unions of each parent's units also prove most overlaps absent.
                let groups = review.gaps(pool, parents: parents)
                overlaps = try review.overlaps(pool.main, groups: groups)
            }
            review.outsideParents(pool, parents: parents)
        } catch {
            review.failed("the boundary checks could not run: \(message(error))", at: SourceLocation(file: unitsFile))
        }
        return (review, overlaps)
    }

    static func message(_ error: Error) -> String { (error as? TargetingError)?.message ?? "\(error)" }

    /// A parent's polygon, found by code in the first level that has it with a polygon.
    struct ParentOutlines {
        let levels: [LoadedLevel]
        func find(_ code: UnitID) -> (level: LoadedLevel, index: Int)? {
            for level in levels {
                if let i = level.units.index(of: code), !level.units.polygons[i].isEmpty { return (level, i) }
            }
            return nil
        }
    }

    struct Review {
        let units: UnitSet
        let unitsFile: String
        let parentField: String?
        var report: BoundaryReport
        var diagnostics: [Diagnostic] = []

        init(units: UnitSet, unitsFile: String, parentField: String?, tolerances: BoundaryTolerances) {
            self.units = units; self.unitsFile = unitsFile; self.parentField = parentField
            report = BoundaryReport(tolerances: tolerances)
        }

        func unit(_ i: Int) -> String {
            units.names[i].isEmpty ? units.ids[i].description : "\(units.ids[i]) (\(units.names[i]))"
        }
        /// The one of two units that a point covered by both is placed in (the shared-border rule: the id that sorts first).
        func sortsFirst(_ i: Int, _ j: Int) -> Int { units.ids[i] < units.ids[j] ? i : j }

        mutating func failed(_ message: String, at location: SourceLocation) {
            report.failures += 1
            diagnostics.append(Diagnostic(.warning, location, code: .boundaryCheckFailed, message,
                                          hint: "validate the boundary in QGIS (Check validity) and repair it"))
        }

        // MARK: Overlaps

        mutating func overlaps(_ checker: BoundaryChecker, groups: [UnitGroup]?) throws -> [AreaOverlap] {
            var failures: [(Int, Int, TargetingError)] = []
            let found = try checker.overlaps(groups: groups) { failures.append(($0, $1, $2)) }
            for (i, j, e) in failures {
                failed("units \(units.ids[i]) and \(units.ids[j]) could not be checked for overlap: \(e.message)", at: units.locations[i])
            }
            let km2 = BoundaryText.km2, deg = BoundaryText.deg
            for o in found {
                let first = sortsFirst(o.first, o.second)
                diagnostics.append(Diagnostic(.warning, units.locations[o.first], code: .boundaryOverlap,
                    "units \(unit(o.first)) and \(unit(o.second)) overlap by \(km2(o.areaKm2)) km² around (\(deg(o.at.x)), \(deg(o.at.y))): a point there is counted once, in \(units.ids[first]) (the id that sorts first)",
                    hint: "fix their shared border in \(unitsFile)\(units.locations[o.second].record.map { " (\(units.ids[o.second]) is record \($0))" } ?? "")"))
                report.overlaps.append(.init(first: units.ids[o.first].description, second: units.ids[o.second].description,
                                             areaKm2: o.areaKm2, lon: o.at.x, lat: o.at.y))
                report.overlapAreaKm2 += o.areaKm2
            }
            report.overlaps.sort { ($1.areaKm2, $0.first, $0.second) < ($0.areaKm2, $1.first, $1.second) }
            return found
        }

        // MARK: Outside the parent

        /// The share outside its parent of each unit with a parent polygon, computed on every core
        /// (each thread preparing the parents it meets), reported in unit order.
        mutating func outsideParents(_ pool: CheckerPool, parents: ParentOutlines) {
            let units = self.units
            let prepared = pool.checkers.map { _ in PreparedParents() }
            let outcomes = pool.map(units.count) { checker, i -> OutsideOutcome? in
                guard let code = units.parents[i], let (level, p) = parents.find(code), !units.polygons[i].isEmpty else { return nil }
                let cache = prepared[pool.checkers.firstIndex { $0 === checker }!]
                let key = "\(level.name)\u{0}\(code)"
                do {
                    let area: PreparedArea
                    if let a = cache.areas[key] { area = a } else {
                        area = try PreparedArea(checker.context.multiPolygon(level.units.polygons[p]))
                        cache.areas[key] = area
                    }
                    guard let share = try checker.shareOutside(i, parent: area), share > checker.tolerances.outsideShare else { return nil }
                    return .outside(code: code, level: level, parent: p, share: share, areaKm2: checker.areaKm2(i))
                } catch {
                    return .failed(code: code, error: error)
                }
            }
            let field = parentField ?? "the parent field"
            for (i, outcome) in outcomes.enumerated() {
                switch outcome {
                case nil: continue
                case let .outside(code, level, p, share, areaKm2)?:
                    let parentName = level.units.names[p].isEmpty ? "" : " (\(level.units.names[p]))"
                    diagnostics.append(Diagnostic(.warning, units.locations[i], code: .outsideParent,
                        "unit \(unit(i)) lies \(BoundaryText.percent(share)) outside its parent \(code)\(parentName) of levels.\(level.name): \(BoundaryText.km2(areaKm2 * share)) of its \(BoundaryText.km2(areaKm2)) km²",
                        hint: "check its parent code (\(field)) or its boundary; per-parent ranks and roll-ups use the code"))
                    report.outsideParent.append(.init(unit: units.ids[i].description, parent: code.description, level: "levels.\(level.name)",
                                                      shareOutside: share, areaKm2: areaKm2))
                case let .failed(code, error)?:
                    failed("unit \(units.ids[i]) could not be checked against its parent \(code): \(BoundaryReview.message(error))", at: units.locations[i])
                }
            }
            report.outsideParent.sort { ($1.shareOutside, $0.unit) < ($0.shareOutside, $1.unit) }
        }

        enum OutsideOutcome {
            case outside(code: UnitID, level: LoadedLevel, parent: Int, share: Double, areaKm2: Double)
            case failed(code: UnitID, error: Error)
        }

        /// The parents one thread has prepared, by level and code (used by that thread only).
        final class PreparedParents { var areas: [String: PreparedArea] = [:] }

        // MARK: Gaps

        /// Reports each parent's gaps; returns each parent's units with their union (for the
        /// overlap check), or nil when one union could not be computed. `outlinedOnly`: only the
        /// parents with an outline in a level (the others' holes are known covered).
        ///
        /// Each parent's union and gap is computed on one of the pool's threads; the unions are
        /// used on the calling thread only after every thread is done (the overlap check clones
        /// them into its own context).
        mutating func gaps(_ pool: CheckerPool, parents: ParentOutlines, outlinedOnly: Bool = false) -> [UnitGroup]? {
            var groups: [UnitGroup]? = []
            var members: [UnitID?: [Int]] = [:]
            for i in 0 ..< units.count { members[units.parents[i], default: []].append(i) }
            let codes = members.keys.sorted { ($0?.description ?? "") < ($1?.description ?? "") }
                .filter { !outlinedOnly || $0.flatMap(parents.find) != nil }
            let km2 = BoundaryText.km2, deg = BoundaryText.deg
            let byParent = members
            let outcomes = pool.map(codes.count) { checker, k -> Result<(UnitGroup, AreaGap?), Error> in
                let group = byParent[codes[k]]!
                let parent = codes[k].flatMap(parents.find)
                return Result {
                    let union = try checker.union(of: group)
                    let gap = try checker.gap(in: union, members: group, outline: parent.map { $0.level.units.polygons[$0.index] })
                    return (UnitGroup(members: group, union: union), gap)
                }
            }
            for (k, code) in codes.enumerated() {
                let group = members[code]!
                let parent = code.flatMap(parents.find)
                do {
                    let (unitGroup, gap) = try outcomes[k].get()
                    groups?.append(unitGroup)
                    guard let g = gap else { continue }
                    let name = parent.map { $0.level.units.names[$0.index] } ?? ""
                    let label = code.map { "parent \($0)" + (name.isEmpty ? "" : " (\(name))") } ?? "the units without a parent code"
                    let outline = parent.map { "levels.\($0.level.name)" } ?? "union of its units"
                    let what = parent == nil ? "inside the union of its \(group.count) units" : "inside its outline (levels.\(parent!.level.name)) that none of its \(group.count) units cover"
                    let location = parent.map { $0.level.units.locations[$0.index] } ?? units.locations[group[0]]
                    diagnostics.append(Diagnostic(.warning, location, code: .boundaryGap,
                        "\(label): \(BoundaryText.count(g.pieces, parent == nil ? "hole" : "gap")) \(what), \(km2(g.areaKm2)) km² in all, the largest \(km2(g.largestKm2)) km² around (\(deg(g.at.x)), \(deg(g.at.y)))",
                        hint: "points there are outside every unit; extend the neighbouring units in \(unitsFile), or check their parent codes"))
                    report.gaps.append(.init(parent: code?.description ?? "", parentName: name, outline: outline, units: group.count,
                                             pieces: g.pieces, areaKm2: g.areaKm2, largestKm2: g.largestKm2, lon: g.at.x, lat: g.at.y))
                    report.gapAreaKm2 += g.areaKm2
                } catch {
                    groups = nil
                    failed("\(code.map { "parent \($0)" } ?? "the units without a parent code") could not be checked for gaps: \(BoundaryReview.message(error))",
                           at: units.locations[group[0]])
                }
            }
            report.gaps.sort { ($1.areaKm2, $0.parent) < ($0.areaKm2, $1.parent) }
            return groups
        }

        // MARK: Points in overlaps

        mutating func points(in overlaps: [AreaOverlap], layers: [BoundLayer]) {
            guard !overlaps.isEmpty else { return }
            let pairs = overlaps.map { OverlapPoints.Pair(first: $0.first, second: $0.second, box: $0.box) }
            for bound in layers where bound.roles.placement == .byLocation {
                let features = bound.layer.features
                let points = features.indices.compactMap { OverlapPoints.placedPoint(features.shape($0)) }
                let counts = OverlapPoints.count(points, in: pairs, units: units)
                for (k, count) in counts.enumerated() where count.points > 0 {
                    let o = overlaps[k], n = count.points
                    // Normally all in the pair's smaller id; a third covering unit can take some.
                    let owners = count.placedIn.keys.sorted { units.ids[$0] < units.ids[$1] }
                    let placedIn = owners.count == 1 ? units.ids[owners[0]].description
                        : owners.map { "\(units.ids[$0]) (\(count.placedIn[$0]!))" }.joined(separator: ", ")
                    diagnostics.append(Diagnostic(.warning, SourceLocation(file: bound.layer.path), code: .pointInOverlap,
                        "\(n) point\(n == 1 ? " of layer \(bound.name) lies" : "s of layer \(bound.name) lie") in the overlap of units \(units.ids[o.first]) and \(units.ids[o.second]): placed in \(placedIn), the covering unit whose id sorts first",
                        hint: "they move if the shared border is fixed"))
                    report.pointsInOverlaps.append(.init(layer: bound.name, first: units.ids[o.first].description,
                                                         second: units.ids[o.second].description, points: n, placedIn: placedIn))
                }
            }
            report.pointsInOverlaps.sort { ($1.points, $0.layer, $0.first, $0.second) < ($0.points, $1.layer, $1.first, $1.second) }
        }
    }
}
