import Domain
import TestSupport
@testable import Joins

/// A tiling of jittered quadrilaterals: grid vertices moved by up to ±0.25 (on a 1/64 lattice),
/// shared by neighbours so borders coincide exactly. Every 7th cell gets a hole filled by an
/// enclave unit; every 11th cell is merged with the cell to its right as a two-part unit
/// (a multipolygon whose parts share an edge). Ids are shuffled so id order is not array order.
enum RandomTiling {
    /// Points over a `make(columns: 12, rows: 10, …)` tiling and its margin, in turns of `period`:
    /// one anywhere, one on the tiling's 1/64 lattice (its vertices lie there), the rest on a
    /// random edge at 0, ¼, ½ or ¾ of its length (exactly representable, exactly on the edge).
    static func testPoints(on units: UnitSet, count: Int, period: Int, seed: UInt64) -> [Coordinate] {
        var rng = SplitMix64(seed: seed)
        let rings = units.polygons.flatMap { $0.flatMap { [$0.exterior] + $0.holes } }
        var points: [Coordinate] = []
        for k in 0 ..< count {
            let x = -0.5 + rng.unit() * 13, y = -0.5 + rng.unit() * 11
            switch k % period {
            case 0: points.append(Coordinate(x, y))
            case 1: points.append(Coordinate((x * 64).rounded() / 64, (y * 64).rounded() / 64))
            default:
                let ring = rings[Int(rng.next() % UInt64(rings.count))]
                let i = Int(rng.next() % UInt64(ring.count - 1))
                let a = ring[i], b = ring[i + 1]
                let t = [0, 0.25, 0.5, 0.75][Int(rng.next() % 4)]
                points.append(Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
            }
        }
        return points
    }

    static func make(columns: Int, rows: Int, seed: UInt64) throws -> UnitSet {
        var rng = SplitMix64(seed: seed)
        var vx = [[Double]](repeating: [], count: rows + 1), vy = vx
        for r in 0 ... rows {
            for c in 0 ... columns {
                let border = r == 0 || c == 0 || r == rows || c == columns
                let jx = border ? 0 : ((rng.unit() - 0.5) * 32).rounded() / 64
                let jy = border ? 0 : ((rng.unit() - 0.5) * 32).rounded() / 64
                vx[r].append(Double(c) + jx); vy[r].append(Double(r) + jy)
            }
        }
        func corner(_ r: Int, _ c: Int) -> Coordinate { Coordinate(vx[r][c], vy[r][c]) }
        var polys: [[Polygon]] = []
        var skip = Set<Int>()
        for r in 0 ..< rows {
            for c in 0 ..< columns {
                let k = r * columns + c
                if skip.contains(k) { continue }
                let ring = [corner(r, c), corner(r, c + 1), corner(r + 1, c + 1), corner(r + 1, c), corner(r, c)]
                if k % 7 == 3 {
                    // A small diamond hole around the cell's centre, filled by an enclave.
                    let cx = (Double(c) + 0.5), cy = (Double(r) + 0.5)
                    let hole = [Coordinate(cx, cy - 0.125), Coordinate(cx + 0.125, cy), Coordinate(cx, cy + 0.125),
                                Coordinate(cx - 0.125, cy), Coordinate(cx, cy - 0.125)]
                    polys.append([Polygon(exterior: ring, holes: [hole])])
                    polys.append([Polygon(exterior: hole)])
                } else if k % 11 == 5, c + 1 < columns {
                    let right = [corner(r, c + 1), corner(r, c + 2), corner(r + 1, c + 2), corner(r + 1, c + 1), corner(r, c + 1)]
                    polys.append([Polygon(exterior: ring), Polygon(exterior: right)])
                    skip.insert(k + 1)
                } else {
                    polys.append([Polygon(exterior: ring)])
                }
            }
        }
        var order = Array(polys.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let ids = order.map { UnitID(String(format: "U%04d", $0)) }
        return try UnitSet(ids: ids, names: ids.map(\.rawValue), parents: ids.map { _ in nil }, polygons: polys,
                           population: polys.map { _ in 1000 })
    }
}

import Foundation
