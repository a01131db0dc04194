import Domain
import TestSupport
@testable import Joins

/// A tiling of jittered quadrilaterals: grid vertices moved by up to ±0.25 (on a 1/64 lattice),
/// shared by neighbours so borders coincide exactly. Every 7th cell gets a hole filled by an
/// enclave unit; every 11th cell is merged with the cell to its right as a two-part unit
/// (a multipolygon whose parts share an edge). Ids are shuffled so id order is not array order.
enum RandomTiling {
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
