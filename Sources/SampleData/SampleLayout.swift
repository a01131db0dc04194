import Domain

/// One groupement or commune as laid out on the mesh.
struct UnitLayout {
    var territoire: Int        // index in KasaiGeography.territoires
    var seed: Int              // cell
    var cells: [Int] = []
}

/// Which cell belongs to which province, territoire, unit (groupement/commune) and health
/// zone. Built top-down (province outlines, then seats, then unit seeds); the polygons are
/// then built bottom-up from it (see `SampleBoundaries.build`).
struct SampleLayout {
    let mesh: HexMesh
    var province: [Int32]
    var territoire: [Int32]
    var unit: [Int32]
    var zone: [Int32]
    /// Units ordered by territoire, then north to south, west to east (their p-code order).
    var units: [UnitLayout]
    var zoneSeed: [Int]         // per zone, its seed cell (zones numbered province by province)
    var zoneProvince: [Int]     // per zone, its province index
    var kamakoUnit: Int
    var kamwinaNsapuUnit: Int

    static let zonesPerProvince = [19, 26, 18]   // Kasaï-Oriental, Kasaï-Central, Kasaï (real counts)

    static func build(progress: (String) -> Void) -> SampleLayout {
        let mesh = HexMesh()
        let provinces = KasaiGeography.provinces
        let territoires = KasaiGeography.territoires

        // 1. Provinces: the warped cell centre inside the first outline that holds it.
        progress("mesh: \(mesh.columns)×\(mesh.rows) cells")
        let provinceWarp = CoordinateWarp(stream: "province", amplitude: 0.16, scale: 0.9)
        let outside = Int32(provinces.count)
        var province = [Int32](repeating: outside, count: mesh.count)
        for c in 0..<mesh.count {
            let p = mesh.centre(c)
            let (x, y) = provinceWarp.apply(p.x, p.y)
            if let k = provinces.firstIndex(where: { inside(Coordinate(x, y), $0.outline) }) { province[c] = Int32(k) }
        }
        // Every seat (and the story's fixed places) lies in its own province, whatever the warp.
        var fixedPlaces = territoires.map { ($0.seat, $0.province) }
        fixedPlaces += [(KasaiGeography.kamako, "CD92"), (KasaiGeography.dibatayi, "CD91")]
        for (place, pcode) in fixedPlaces {
            guard let s = mesh.cell(near: place), let k = provinces.firstIndex(where: { $0.pcode == pcode }) else { continue }
            for c in [s] + mesh.neighbours(s) { province[c] = Int32(k) }
        }
        // Capitals anchor each province; the mesh edge anchors "outside", so enclosed outside
        // cells (holes) join the surrounding province and stray fragments are cut off.
        var provinceSeeds = provinces.map { p -> [Int] in
            let capital = territoires.first { $0.province == p.pcode && $0.isVille }
            return capital.flatMap { mesh.cell(near: $0.seat) }.map { [$0] } ?? []
        }
        provinceSeeds.append((0..<mesh.count).filter { mesh.isOnMeshEdge($0) })
        let noScope = [Int32](repeating: 0, count: mesh.count)
        CellPartition.makeConnected(&province, seeds: provinceSeeds, scope: noScope, mesh: mesh)
        for c in 0..<mesh.count where province[c] == outside { province[c] = -1 }

        // 2. Territoires: calibrated noisy distance to the seats, inside each province.
        var territoire = [Int32](repeating: -1, count: mesh.count)
        let territoireWarp = CoordinateWarp(stream: "territoire", amplitude: 0.22, scale: 0.8)
        let villeWarp = CoordinateWarp(stream: "ville", amplitude: 0.03, scale: 0.06)
        for (pi, p) in provinces.enumerated() {
            let provinceCells = (0..<mesh.count).filter { province[$0] == Int32(pi) }
            let members = territoires.indices.filter { territoires[$0].province == p.pcode }
            let total = members.reduce(0.0) { $0 + territoires[$1].areaKm2 }
            // Villes are small: each is carved first as a noisy disk around its seat, with the
            // radius that gives its share of the province's cells.
            var taken = Set<Int>()
            for v in members where territoires[v].isVille {
                let wanted = Int((Double(provinceCells.count) * territoires[v].areaKm2 / total).rounded())
                let disk = CellPartition.noisyDisk(provinceCells.filter { !taken.contains($0) }, centre: territoires[v].seat,
                                                   cells: wanted, warp: villeWarp, mesh: mesh)
                for c in disk { territoire[c] = Int32(v); taken.insert(c) }
            }
            let rural = members.filter { !territoires[$0].isVille }
            let cells = provinceCells.filter { !taken.contains($0) }
            let ruralTotal = rural.reduce(0.0) { $0 + territoires[$1].areaKm2 }
            let labels = CellPartition.assignCalibrated(cells, seeds: rural.map { territoires[$0].seat },
                                                        targets: rural.map { territoires[$0].areaKm2 / ruralTotal },
                                                        warp: territoireWarp, mesh: mesh)
            for (n, c) in cells.enumerated() { territoire[c] = Int32(rural[labels[n]]) }
            progress("province \(p.name): \(provinceCells.count) cells ≈ \(Int(Double(provinceCells.count) * mesh.approximateCellKm2)) km²")
        }
        // Each seat, with the ring of cells around it, belongs to its own territoire (villes
        // first, so a territoire seat next to a ville is never swallowed by it).
        var territoireSeeds = [[Int]](repeating: [], count: territoires.count)
        // Only rural seats are forced: a ville is already a disk around its own seat.
        for t in territoires.indices {
            guard let s = mesh.cell(near: territoires[t].seat) else { continue }
            territoireSeeds[t] = [s]
            if territoires[t].isVille { territoire[s] = Int32(t); continue }
            for c in [s] + mesh.neighbours(s) where province[c] == province[s] { territoire[c] = Int32(t) }
        }
        CellPartition.makeConnected(&territoire, seeds: territoireSeeds, scope: province, mesh: mesh)
        for (t, spec) in territoires.enumerated() {
            let n = territoire.reduce(0) { $0 + ($1 == Int32(t) ? 1 : 0) }
            progress("  \(spec.name): \(n) cells ≈ \(Int(Double(n) * mesh.approximateCellKm2)) km² (target \(Int(spec.areaKm2)))")
        }

        // 3. Groupements and communes inside each territoire.
        var rng = SampleRandom(stream: "groupement-seeds")
        let unitWarp = CoordinateWarp(stream: "groupement", amplitude: 0.06, scale: 0.22)
        var unit = [Int32](repeating: -1, count: mesh.count)
        var units: [UnitLayout] = []
        var kamakoCell = -1, kamwinaCell = -1
        var cellsOfTerritoire = [[Int]](repeating: [], count: territoires.count)
        for c in 0..<mesh.count where territoire[c] >= 0 { cellsOfTerritoire[Int(territoire[c])].append(c) }
        for (t, spec) in territoires.enumerated() {
            let cells = cellsOfTerritoire[t]
            var fixed: [Int] = []
            if spec.pcode == "CD9202", let k = mesh.cell(near: KasaiGeography.kamako), territoire[k] == Int32(t) { fixed = [k]; kamakoCell = k }
            if spec.pcode == "CD9102", let k = mesh.cell(near: KasaiGeography.dibatayi), territoire[k] == Int32(t) { fixed = [k]; kamwinaCell = k }
            var seeds = CellPartition.spreadSeeds(cells, count: spec.units, fixed: fixed, rng: &rng, mesh: mesh)
            // P-code order: north to south, then west to east.
            seeds.sort { a, b in
                let pa = mesh.centre(a), pb = mesh.centre(b)
                return pa.y != pb.y ? pa.y > pb.y : pa.x < pb.x
            }
            let spacing = (Double(cells.count) * 2.598 * mesh.side * mesh.side / Double(max(seeds.count, 1))).squareRoot()
            let bonus = seeds.map { _ in rng.uniform(0, 0.3) * spacing }
            let labels = CellPartition.assign(cells, seeds: seeds.map(mesh.centre), bonus: bonus, warp: unitWarp, mesh: mesh)
            let base = units.count
            for s in seeds { units.append(UnitLayout(territoire: t, seed: s)) }
            for (n, c) in cells.enumerated() { unit[c] = Int32(base + labels[n]) }
            for (k, s) in seeds.enumerated() { unit[s] = Int32(base + k) }
        }
        CellPartition.makeConnected(&unit, seeds: units.map { [$0.seed] }, scope: territoire, mesh: mesh)
        for c in 0..<mesh.count where unit[c] >= 0 { units[Int(unit[c])].cells.append(c) }
        progress("units: \(units.count) groupements and communes")

        // 4. Health zones: their own seeds inside each province, so they cut across groupements.
        var zone = [Int32](repeating: -1, count: mesh.count)
        var zoneRng = SampleRandom(stream: "zone-seeds")
        let zoneWarp = CoordinateWarp(stream: "zone", amplitude: 0.08, scale: 0.3)
        var zoneSeed: [Int] = [], zoneProvince: [Int] = []
        for pi in provinces.indices {
            let cells = (0..<mesh.count).filter { province[$0] == Int32(pi) }
            let seeds = CellPartition.spreadSeeds(cells, count: zonesPerProvince[pi], fixed: [], rng: &zoneRng, mesh: mesh)
            let spacing = (Double(cells.count) * 2.598 * mesh.side * mesh.side / Double(seeds.count)).squareRoot()
            let bonus = seeds.map { _ in zoneRng.uniform(0, 0.25) * spacing }
            let labels = CellPartition.assign(cells, seeds: seeds.map(mesh.centre), bonus: bonus, warp: zoneWarp, mesh: mesh)
            let base = zoneProvince.count
            for (n, c) in cells.enumerated() { zone[c] = Int32(base + labels[n]) }
            for (k, s) in seeds.enumerated() { zone[s] = Int32(base + k); zoneSeed.append(s); zoneProvince.append(pi) }
        }
        CellPartition.makeConnected(&zone, seeds: zoneSeed.map { [$0] }, scope: province, mesh: mesh)

        let kamakoUnit = kamakoCell >= 0 ? Int(unit[kamakoCell]) : 0
        let kamwinaUnit = kamwinaCell >= 0 ? Int(unit[kamwinaCell]) : 0
        return SampleLayout(mesh: mesh, province: province, territoire: territoire, unit: unit, zone: zone,
                            units: units, zoneSeed: zoneSeed, zoneProvince: zoneProvince,
                            kamakoUnit: kamakoUnit, kamwinaNsapuUnit: kamwinaUnit)
    }

    /// Even-odd point in polygon for the hand-drawn outlines.
    static func inside(_ p: Coordinate, _ ring: [Coordinate]) -> Bool {
        var result = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { result.toggle() }
            j = i
        }
        return result
    }
}
