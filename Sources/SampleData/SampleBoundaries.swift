import Foundation
import Domain
import Geometry

/// A groupement or commune of the sample, with everything the layers need.
struct SampleUnit {
    let pcode: String
    let name: String
    let isCommune: Bool
    let territoire: Int
    let province: Int
    let population: Int
    let polygons: [Polygon]
    let areaKm2: Double
    let cells: [Int]
}

/// An admin area above the units (territoire, province) or a health zone.
struct SampleArea {
    let polygons: [Polygon]
    let areaKm2: Double
}

/// The polygons of every level, built bottom-up with GEOS: a unit is the union of its cells,
/// a territoire the union of its units, a province the union of its territoires. Because cells
/// share corners bit for bit, each level tiles the one above exactly.
struct SampleBoundaries {
    let layout: SampleLayout
    let units: [SampleUnit]
    let territoires: [SampleArea]
    let provinces: [SampleArea]
    let zones: [SampleArea]

    static func build(_ layout: SampleLayout, progress: (String) -> Void) throws -> SampleBoundaries {
        let geos = try GEOSContext()
        let geodesy = Geodesy()
        let mesh = layout.mesh
        let specs = KasaiGeography.territoires

        func union(_ polygons: [Polygon]) throws -> [Polygon] {
            try geos.multiPolygon(polygons).unaryUnion().polygons()
        }
        func cellsUnion(_ cells: [Int]) throws -> [Polygon] {
            try union(cells.map { Polygon(exterior: mesh.ring($0)) })
        }

        for (t, spec) in specs.enumerated() {
            let n = layout.units.filter { $0.territoire == t && !$0.cells.isEmpty }.count
            guard n == spec.units else {
                throw TargetingError("sample generator: \(spec.name) has \(n) units instead of \(spec.units)",
                                     hint: "this is a bug in the generator's seeding")
            }
        }
        var unitPolygons: [[Polygon]] = []
        for u in layout.units {
            let polys = try cellsUnion(u.cells)
            guard polys.count == 1 else {
                throw TargetingError("sample generator: a unit of \(specs[u.territoire].name) came out in \(polys.count) parts",
                                     hint: "this is a bug in the generator's connectivity repair")
            }
            unitPolygons.append(polys)
        }
        progress("built \(unitPolygons.count) unit polygons")
        var territoirePolygons: [[Polygon]] = []
        for t in specs.indices {
            let members = layout.units.indices.filter { layout.units[$0].territoire == t }
            territoirePolygons.append(try union(members.flatMap { unitPolygons[$0] }))
        }
        var provincePolygons: [[Polygon]] = []
        for p in KasaiGeography.provinces {
            let members = specs.indices.filter { specs[$0].province == p.pcode }
            provincePolygons.append(try union(members.flatMap { territoirePolygons[$0] }))
        }
        var cellsOfZone = [[Int]](repeating: [], count: layout.zoneProvince.count)
        for c in 0..<mesh.count where layout.zone[c] >= 0 { cellsOfZone[Int(layout.zone[c])].append(c) }
        let zonePolygons = try cellsOfZone.map { try cellsUnion($0) }

        let populations = SampleBoundaries.populations(layout)
        let names = SampleBoundaries.names(layout)
        var units: [SampleUnit] = []
        var serial = [Int](repeating: 0, count: specs.count)
        for (i, u) in layout.units.enumerated() {
            serial[u.territoire] += 1
            let spec = specs[u.territoire]
            let pi = KasaiGeography.provinces.firstIndex { $0.pcode == spec.province } ?? 0
            units.append(SampleUnit(pcode: spec.pcode + String(format: "%03d", serial[u.territoire]), name: names[i],
                                    isCommune: spec.isVille, territoire: u.territoire, province: pi,
                                    population: populations[i], polygons: unitPolygons[i],
                                    areaKm2: geodesy.areaKm2(unitPolygons[i]), cells: u.cells))
        }
        func area(_ p: [Polygon]) -> SampleArea { SampleArea(polygons: p, areaKm2: geodesy.areaKm2(p)) }
        return SampleBoundaries(layout: layout, units: units, territoires: territoirePolygons.map(area),
                                provinces: provincePolygons.map(area), zones: zonePolygons.map(area))
    }

    /// 2017 populations: each province adds up exactly to the strategy's figure. Villes take
    /// their fixed figure; the rest is shared among territoires by area × relative density, and
    /// within a territoire by cell count × a log-normal factor (some groupements are crowded).
    static func populations(_ layout: SampleLayout) -> [Int] {
        var rng = SampleRandom(stream: "population")
        let specs = KasaiGeography.territoires
        var result = [Int](repeating: 0, count: layout.units.count)
        var territoirePopulation = [Int](repeating: 0, count: specs.count)
        for p in KasaiGeography.provinces {
            let members = specs.indices.filter { specs[$0].province == p.pcode }
            let villes = members.filter { specs[$0].isVille }
            let rural = members.filter { !specs[$0].isVille }
            for v in villes { territoirePopulation[v] = specs[v].population ?? 0 }
            let remainder = p.population - villes.reduce(0) { $0 + (specs[$1].population ?? 0) }
            let weights = rural.map { t in
                Double(layout.units.filter { $0.territoire == t }.reduce(0) { $0 + $1.cells.count }) * specs[t].density
            }
            for (t, n) in zip(rural, apportion(remainder, weights: weights)) { territoirePopulation[t] = n }
        }
        for t in specs.indices {
            let members = layout.units.indices.filter { layout.units[$0].territoire == t }
            let spread = specs[t].isVille ? 0.25 : 0.55
            let weights = members.map { Double(layout.units[$0].cells.count) * exp(spread * rng.normal()) }
            for (u, n) in zip(members, apportion(territoirePopulation[t], weights: weights)) { result[u] = n }
        }
        return result
    }

    /// Unit names: commune names for villes (in the table's order), invented names elsewhere,
    /// unique within a territoire. Two story places keep their real names (Kamako, Kamwina
    /// Nsapu), and a few names repeat across territoires on purpose, as real ones do, so that
    /// name matching must stay within the parent.
    static func names(_ layout: SampleLayout) -> [String] {
        let specs = KasaiGeography.territoires
        var result = [String](repeating: "", count: layout.units.count)
        let repeated = ["CD9102": "Bena Mukenge", "CD9105": "Bena Mukenge", "CD8205": "Bakwa Kalonji", "CD8202": "Bakwa Kalonji"]
        for t in specs.indices {
            let members = layout.units.indices.filter { layout.units[$0].territoire == t }
            if specs[t].isVille {
                for (k, u) in members.enumerated() { result[u] = k < specs[t].communes.count ? specs[t].communes[k] : "\(specs[t].name) \(k + 1)" }
                continue
            }
            var maker = PlaceNames(stream: specs[t].pcode)
            var used: Set<String> = []
            for (k, u) in members.enumerated() {
                var name: String
                if u == layout.kamakoUnit { name = "Kamako" }
                else if u == layout.kamwinaNsapuUnit { name = "Kamwina Nsapu" }
                else if k == 2, let r = repeated[specs[t].pcode] { name = r }
                else {
                    repeat { name = maker.groupement(PlaceNames.style(for: specs[t].pcode)) } while used.contains(name)
                }
                used.insert(name)
                result[u] = name
            }
        }
        return result
    }
}
