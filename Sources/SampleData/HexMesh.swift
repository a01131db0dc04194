import Domain

/// The fine mesh every synthetic polygon is built from: pointy-top hexagons about 1 km across
/// (2.6 km²) covering the Kasaï region, with every corner moved by a small deterministic jitter
/// and rounded to 1e-4 degree. A corner is computed once from its integer lattice key, so the
/// cells on either side of an edge hold bit-identical coordinates: unions of cells (groupements,
/// then territoires, then provinces) share their edges exactly, with no gaps or slivers.
///
/// Lattice units: x in half hex widths (√3·side/2), y in half sides. Cell (i, j) has its centre
/// at X = 2i + (j odd ? 1 : 0), Y = 3j, and its corners at (X, Y±2) and (X±1, Y±1).
struct HexMesh {
    static let west = 19.2, south = -8.5, east = 24.6, north = -2.9
    /// Hexagon side, degrees (≈ 1 km).
    let side = 0.009
    let columns: Int
    let rows: Int
    private let halfWidth: Double
    private let halfSide: Double
    private let jitter = SmoothNoise(stream: "mesh-jitter")

    init() {
        halfWidth = side * 3.0.squareRoot() / 2
        halfSide = side / 2
        columns = Int(((HexMesh.east - HexMesh.west) / (2 * halfWidth)).rounded(.up)) + 1
        rows = Int(((HexMesh.north - HexMesh.south) / (3 * halfSide)).rounded(.up)) + 1
    }

    var count: Int { columns * rows }

    /// Area of one cell in km² near 6° S (for sizing only; reported areas are geodesic).
    var approximateCellKm2: Double { 2.598 * (side * 110.9) * (side * 110.6) }

    func column(_ c: Int) -> Int { c % columns }
    func row(_ c: Int) -> Int { c / columns }

    /// The unjittered centre: inside the cell by a wide margin (jitter is at most 0.2 side).
    func centre(_ c: Int) -> Coordinate {
        let i = column(c), j = row(c)
        let X = 2 * i + (j & 1), Y = 3 * j
        return Coordinate(HexMesh.west + Double(X) * halfWidth, HexMesh.south + Double(Y) * halfSide)
    }

    func neighbours(_ c: Int) -> [Int] {
        let i = column(c), j = row(c)
        let shift = (j & 1) == 1 ? 0 : -1
        let candidates = [(i - 1, j), (i + 1, j), (i + shift, j - 1), (i + shift + 1, j - 1),
                          (i + shift, j + 1), (i + shift + 1, j + 1)]
        return candidates.compactMap { (a, b) in
            (a >= 0 && a < columns && b >= 0 && b < rows) ? b * columns + a : nil
        }
    }

    func isOnMeshEdge(_ c: Int) -> Bool {
        let i = column(c), j = row(c)
        return i == 0 || j == 0 || i == columns - 1 || j == rows - 1
    }

    /// Lattice keys of the six corners, counter-clockwise from the top.
    func cornerKeys(_ c: Int) -> [(Int, Int)] {
        let i = column(c), j = row(c)
        let X = 2 * i + (j & 1), Y = 3 * j
        return [(X, Y + 2), (X - 1, Y + 1), (X - 1, Y - 1), (X, Y - 2), (X + 1, Y - 1), (X + 1, Y + 1)]
    }

    /// The jittered corner, rounded to 1e-4 degree. `Double(k) / 10000` is the double nearest
    /// to k/10000, the same value a reader gets parsing a 4-decimal text, so points written
    /// with 4 decimals on a corner are exactly on the boundary.
    func corner(_ X: Int, _ Y: Int) -> Coordinate {
        let x = HexMesh.west + Double(X) * halfWidth
        let y = HexMesh.south + Double(Y) * halfSide
        // Smooth jitter at the cell scale keeps neighbouring corners moving together, so cells
        // never fold; 0.2 side keeps every cell a simple polygon.
        let jx = 0.2 * side * jitter.fractal(Double(X) * 0.7, Double(Y) * 0.45, scale: 1.3, octaves: 2)
        let jy = 0.2 * side * jitter.fractal(Double(Y) * 0.45 + 1000, Double(X) * 0.7, scale: 1.3, octaves: 2)
        return Coordinate(roundedToGrid(x + jx), roundedToGrid(y + jy))
    }

    /// The closed ring of a cell, counter-clockwise.
    func ring(_ c: Int) -> Ring {
        var r = cornerKeys(c).map { corner($0.0, $0.1) }
        r.append(r[0])
        return r
    }

    /// The cell whose unjittered centre is nearest to `p` (nil outside the mesh).
    func cell(near p: Coordinate) -> Int? {
        let jGuess = Int(((p.y - HexMesh.south) / (3 * halfSide)).rounded())
        var best: (Int, Double)? = nil
        for j in (jGuess - 1)...(jGuess + 1) where j >= 0 && j < rows {
            let iGuess = Int(((p.x - HexMesh.west) / (2 * halfWidth)).rounded())
            for i in (iGuess - 1)...(iGuess + 1) where i >= 0 && i < columns {
                let c = j * columns + i
                let q = centre(c)
                let d = (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)
                if best == nil || d < best!.1 { best = (c, d) }
            }
        }
        return best?.0
    }
}

/// Rounds degrees to the 1e-4 grid every generated coordinate lives on.
func roundedToGrid(_ d: Double) -> Double { (d * 10000).rounded() / 10000 }
