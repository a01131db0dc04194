import Domain

/// Placing points inside the synthetic units. A point is drawn within 0.4 hexagon side of a
/// cell's centre: the cell's corners move by at most 0.28 side, so the point is always well
/// inside the cell, hence inside its unit, territoire and province, and never on a border.
extension SampleBoundaries {
    func point(inCell c: Int, rng: inout SampleRandom) -> Coordinate {
        let centre = layout.mesh.centre(c)
        let r = 0.4 * layout.mesh.side * rng.unit().squareRoot()
        let a = 2 * Double.pi * rng.unit()
        return Coordinate(roundedToGrid(centre.x + r * cos(a)), roundedToGrid(centre.y + r * sin(a)))
    }

    func point(inUnit u: Int, rng: inout SampleRandom) -> Coordinate {
        let cells = units[u].cells
        return point(inCell: cells[rng.int(cells.count)], rng: &rng)
    }

    /// A point in the cell nearest to `place` or one of its neighbours of the same unit: for
    /// offices and posts that cluster around a seat.
    func point(near place: Coordinate, rng: inout SampleRandom) -> (Coordinate, Int)? {
        guard let c = layout.mesh.cell(near: place), layout.unit[c] >= 0 else { return nil }
        let u = layout.unit[c]
        let around = ([c] + layout.mesh.neighbours(c)).filter { layout.unit[$0] == u }
        return (point(inCell: around[rng.int(around.count)], rng: &rng), Int(u))
    }

    /// The unit whose cell is nearest to `place` (for places known to be well inside a unit).
    func unit(near place: Coordinate) -> Int? {
        guard let c = layout.mesh.cell(near: place), layout.unit[c] >= 0 else { return nil }
        return Int(layout.unit[c])
    }

    func units(inTerritoire pcode: String) -> [Int] {
        units.indices.filter { KasaiGeography.territoires[units[$0].territoire].pcode == pcode }
    }

    func territoireSpec(_ u: Int) -> TerritoireSpec { KasaiGeography.territoires[units[u].territoire] }
    func provinceSpec(_ u: Int) -> ProvinceSpec { KasaiGeography.provinces[units[u].province] }
}

import Foundation

/// Text for a coordinate with 4 decimals, as ACLED and DTM publish them. Every generated
/// coordinate is already on the 1e-4 grid, so the text is exact.
func fourDecimals(_ d: Double) -> String { String(format: "%.4f", d) }
