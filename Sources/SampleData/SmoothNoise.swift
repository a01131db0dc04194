import Foundation

/// Smooth 2-D value noise (fractal sum of octaves) used to warp coordinates before they are
/// assigned to a region, so boundaries wander like rivers and ridges rather than following
/// straight lines. Lattice values come from a hash of the lattice point: no state, no tables.
struct SmoothNoise {
    let seed: UInt64

    init(stream: String) { seed = SampleRandom.sampleSeed ^ fnv1a("noise:" + stream) }

    /// In [-1, 1] at lattice points.
    private func lattice(_ i: Int, _ j: Int) -> Double {
        let h = mix64(seed ^ mix64(UInt64(bitPattern: Int64(i)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(j))))
        return Double(h >> 11) * 0x1p-52 - 1
    }

    private func value(_ x: Double, _ y: Double) -> Double {
        let fx = x.rounded(.down), fy = y.rounded(.down)
        let i = Int(fx), j = Int(fy)
        let tx = x - fx, ty = y - fy
        let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
        let a = lattice(i, j), b = lattice(i + 1, j), c = lattice(i, j + 1), d = lattice(i + 1, j + 1)
        return (a + (b - a) * sx) + ((c + (d - c) * sx) - (a + (b - a) * sx)) * sy
    }

    /// Fractal noise with features about `scale` wide, roughly in [-1, 1].
    func fractal(_ x: Double, _ y: Double, scale: Double, octaves: Int = 3) -> Double {
        var sum = 0.0, amplitude = 1.0, frequency = 1 / scale, norm = 0.0
        for o in 0..<octaves {
            sum += amplitude * value(x * frequency + Double(o) * 17.3, y * frequency - Double(o) * 9.1)
            norm += amplitude
            amplitude *= 0.5
            frequency *= 2.1
        }
        return sum / norm
    }
}

/// A coordinate warp: each point is displaced by smooth noise (`amplitude` degrees, features
/// `scale` degrees wide), plus a finer `detail` warp at a fifth of the scale, so boundaries
/// meander at both the regional and the local scale. Streams give independent warps.
struct CoordinateWarp {
    let dx: SmoothNoise, dy: SmoothNoise, fx: SmoothNoise, fy: SmoothNoise
    let amplitude: Double, scale: Double, detail: Double

    init(stream: String, amplitude: Double, scale: Double, detail: Double = 0.3) {
        dx = SmoothNoise(stream: stream + ":x"); dy = SmoothNoise(stream: stream + ":y")
        fx = SmoothNoise(stream: stream + ":fx"); fy = SmoothNoise(stream: stream + ":fy")
        self.amplitude = amplitude; self.scale = scale; self.detail = detail
    }

    func apply(_ x: Double, _ y: Double) -> (Double, Double) {
        let x1 = x + amplitude * dx.fractal(x, y, scale: scale)
        let y1 = y + amplitude * dy.fractal(x, y, scale: scale)
        let a = amplitude * detail, s = scale / 5
        return (x1 + a * fx.fractal(x1, y1, scale: s), y1 + a * fy.fractal(x1, y1, scale: s))
    }
}
