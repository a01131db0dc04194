import Foundation
import Domain

/// Region growing on the mesh: every cell is given a label (province, territoire, groupement,
/// health zone) by a noisy weighted-distance rule, then repaired so that every label is one
/// connected patch around its seed. Cells are visited in index order and ties go to the lower
/// label, so the result depends on nothing but the seed.
enum CellPartition {
    /// Planar distance in degrees, longitude shrunk by cos 6° so that distances are
    /// close to isotropic in km.
    static func distance(_ ax: Double, _ ay: Double, _ b: Coordinate) -> Double {
        let dx = (ax - b.x) * 0.9945, dy = ay - b.y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Splits `cells` among `seeds` (cells) with the rule: nearest seed, distance measured from
    /// the cell's warped centre and reduced by the seed's `bonus` (additive weights keep every
    /// region star-shaped around its seed before warping). Returns the seed index per cell.
    static func assign(_ cells: [Int], seeds: [Coordinate], bonus: [Double], warp: CoordinateWarp, mesh: HexMesh) -> [Int] {
        cells.map { c in
            let p = mesh.centre(c)
            let (x, y) = warp.apply(p.x, p.y)
            var best = 0, bestCost = Double.infinity
            for (k, s) in seeds.enumerated() {
                let cost = distance(x, y, s) - bonus[k]
                if cost < bestCost { bestCost = cost; best = k }
            }
            return best
        }
    }

    /// Multiplicatively weighted nearest seat (distance divided by the seat's reach), with the
    /// reaches tuned until each seat's share of cells matches `targets` (fractions adding to
    /// 1). Weighted this way regions grow as round blobs, not the straight bands additive
    /// weights give; any detached piece is repaired afterwards by `makeConnected`.
    static func assignCalibrated(_ cells: [Int], seeds: [Coordinate], targets: [Double], warp: CoordinateWarp,
                                 mesh: HexMesh, iterations: Int = 60) -> [Int] {
        var reach = targets.map { $0.squareRoot() }
        // Warped centres do not change between iterations: compute them once.
        let warped = cells.map { c -> (Double, Double) in let p = mesh.centre(c); return warp.apply(p.x, p.y) }
        var labels = [Int](repeating: 0, count: cells.count)
        for iteration in 0..<iterations {
            for (n, (x, y)) in warped.enumerated() {
                var best = 0, bestCost = Double.infinity
                for (k, s) in seeds.enumerated() {
                    let cost = distance(x, y, s) / reach[k]
                    if cost < bestCost { bestCost = cost; best = k }
                }
                labels[n] = best
            }
            guard iteration < iterations - 1 else { break }
            var counts = [Int](repeating: 0, count: seeds.count)
            for l in labels { counts[l] += 1 }
            for k in seeds.indices {
                let share = Double(max(counts[k], 1)) / Double(cells.count)
                reach[k] *= pow(targets[k] / share, 0.25)
            }
        }
        return labels
    }

    /// The `cells` count of cells nearest to `centre` by warped distance: a disk with a
    /// wandering edge.
    static func noisyDisk(_ candidates: [Int], centre: Coordinate, cells: Int, warp: CoordinateWarp, mesh: HexMesh) -> [Int] {
        let ranked = candidates.map { c -> (Double, Int) in
            let p = mesh.centre(c)
            let (x, y) = warp.apply(p.x, p.y)
            return (distance(x, y, centre), c)
        }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return ranked.prefix(max(cells, 1)).map(\.1)
    }

    /// Well-spread seeds: `fixed` first, then Mitchell's best candidate (of `tries` random
    /// cells, the one farthest from the seeds so far).
    static func spreadSeeds(_ cells: [Int], count: Int, fixed: [Int], tries: Int = 14,
                            rng: inout SampleRandom, mesh: HexMesh) -> [Int] {
        var seeds = Array(fixed.prefix(count))
        guard !cells.isEmpty else { return seeds }
        var taken = Set(seeds)
        while seeds.count < count && taken.count < cells.count {
            var best = -1, bestGap = -1.0
            var attempts = 0
            while best < 0 || attempts < tries {
                attempts += 1
                let c = cells[rng.int(cells.count)]
                if taken.contains(c) { continue }
                let p = mesh.centre(c)
                let gap = seeds.map { distance(p.x, p.y, mesh.centre($0)) }.min() ?? Double.infinity
                if gap > bestGap { bestGap = gap; best = c }
            }
            seeds.append(best)
            taken.insert(best)
        }
        return seeds
    }

    /// Makes every label one connected patch containing one of its seed cells. `labels[c] < 0`
    /// means the cell takes no part. Cells cut off from their label's seeds are handed, wave by
    /// wave, to the label of the neighbouring connected cells they touch most, among
    /// neighbours with the same `scope` (so a groupement never crosses its territoire).
    static func makeConnected(_ labels: inout [Int32], seeds: [[Int]], scope: [Int32], mesh: HexMesh) {
        var reached = [Bool](repeating: false, count: labels.count)
        var queue: [Int] = []
        for (l, cells) in seeds.enumerated() {
            for s in cells where labels[s] == Int32(l) && !reached[s] {
                reached[s] = true
                queue.append(s)
            }
        }
        var head = 0
        while head < queue.count {
            let c = queue[head]; head += 1
            for n in mesh.neighbours(c) where !reached[n] && labels[n] == labels[c] {
                reached[n] = true
                queue.append(n)
            }
        }
        var orphans = labels.indices.filter { labels[$0] >= 0 && !reached[$0] }
        while !orphans.isEmpty {
            var adopted: [(Int, Int32)] = []
            for c in orphans {
                var tally: [Int32: Int] = [:]
                for n in mesh.neighbours(c) where reached[n] && scope[n] == scope[c] && labels[n] >= 0 {
                    tally[labels[n], default: 0] += 1
                }
                // Sorted, so the choice never depends on dictionary order.
                if let pick = tally.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).first {
                    adopted.append((c, pick.key))
                }
            }
            if adopted.isEmpty { break }  // isolated in its scope: left as is, reported by the caller's checks
            for (c, l) in adopted { labels[c] = l; reached[c] = true }
            let done = Set(adopted.map(\.0))
            orphans = orphans.filter { !done.contains($0) }
        }
    }
}
