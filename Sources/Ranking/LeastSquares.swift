import Foundation

/// Ordinary least squares with an intercept, by the normal equations solved with Gauss–Jordan
/// elimination (partial pivoting) on standardised columns, where they are well conditioned.
/// Standard errors are the classical ones: s²·(XᵀX)⁻¹ with s² = RSS/(n − k − 1).
enum LeastSquares {
    struct Fit: Equatable {
        /// Intercept first, then one slope per column.
        var coefficients: [Double]
        var standardErrors: [Double]
        var rSquared: Double
        var residualSD: Double
    }

    enum Failure: Error, Equatable { case tooFewRows(rows: Int, columns: Int), singular(column: Int) }

    /// `columns[j][i]`: column j at row i; `y[i]`.
    static func fit(columns: [[Double]], y: [Double]) throws -> Fit {
        let n = y.count, k = columns.count + 1
        guard n > k else { throw Failure.tooFewRows(rows: n, columns: k - 1) }
        func x(_ i: Int, _ j: Int) -> Double { j == 0 ? 1 : columns[j - 1][i] }
        var xtx = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var xty = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for a in 0..<k {
                xty[a] += x(i, a) * y[i]
                for b in a..<k { xtx[a][b] += x(i, a) * x(i, b) }
            }
        }
        for a in 0..<k { for b in 0..<a { xtx[a][b] = xtx[b][a] } }
        let inverse = try invert(xtx)
        let beta = (0..<k).map { a in (0..<k).reduce(0.0) { $0 + inverse[a][$1] * xty[$1] } }
        var rss = 0.0, tss = 0.0
        let mean = y.reduce(0, +) / Double(n)
        for i in 0..<n {
            let fitted = (0..<k).reduce(0.0) { $0 + beta[$1] * x(i, $1) }
            rss += (y[i] - fitted) * (y[i] - fitted)
            tss += (y[i] - mean) * (y[i] - mean)
        }
        let s2 = rss / Double(n - k)
        return Fit(coefficients: beta, standardErrors: (0..<k).map { (s2 * inverse[$0][$0]).squareRoot() },
                   rSquared: tss > 0 ? 1 - rss / tss : 0, residualSD: s2.squareRoot())
    }

    /// Gauss–Jordan with partial pivoting; a pivot below 1e-12 of the matrix's scale is singular
    /// (a criterion constant, or a combination of the others, over the units used).
    static func invert(_ m: [[Double]]) throws -> [[Double]] {
        let k = m.count
        var a = m
        var inv = (0..<k).map { i in (0..<k).map { $0 == i ? 1.0 : 0.0 } }
        let scale = m.flatMap { $0 }.map(abs).max() ?? 1
        for col in 0..<k {
            guard let pivot = (col..<k).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-12 * scale else {
                throw Failure.singular(column: col)
            }
            a.swapAt(col, pivot); inv.swapAt(col, pivot)
            let p = a[col][col]
            for j in 0..<k { a[col][j] /= p; inv[col][j] /= p }
            for r in 0..<k where r != col {
                let f = a[r][col]
                guard f != 0 else { continue }
                for j in 0..<k { a[r][j] -= f * a[col][j]; inv[r][j] -= f * inv[col][j] }
            }
        }
        return inv
    }
}

/// The first principal component of standardised columns: the eigenvector of their correlation
/// matrix with the largest eigenvalue (cyclic Jacobi rotations, to 1e-15 off-diagonal).
enum PrincipalComponent {
    /// (loadings as a unit vector, sign such that their sum is ≥ 0; share of variance).
    static func first(_ standardised: [[Double]]) -> (vector: [Double], share: Double) {
        let k = standardised.count, n = standardised.first?.count ?? 0
        var a = (0..<k).map { p in (0..<k).map { q in (0..<n).reduce(0.0) { $0 + standardised[p][$1] * standardised[q][$1] } / Double(n) } }
        var v = (0..<k).map { i in (0..<k).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<k { for q in 0..<k where p != q { off += a[p][q] * a[p][q] } }
            if off < 1e-30 { break }
            for p in 0..<k {
                for q in (p + 1)..<k where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for r in 0..<k {
                        let arp = a[r][p], arq = a[r][q]
                        a[r][p] = c * arp - s * arq; a[r][q] = s * arp + c * arq
                    }
                    for r in 0..<k {
                        let apr = a[p][r], aqr = a[q][r]
                        a[p][r] = c * apr - s * aqr; a[q][r] = s * apr + c * aqr
                    }
                    for r in 0..<k {
                        let vrp = v[r][p], vrq = v[r][q]
                        v[r][p] = c * vrp - s * vrq; v[r][q] = s * vrp + c * vrq
                    }
                }
            }
        }
        let trace = (0..<k).reduce(0.0) { $0 + a[$1][$1] }
        let top = (0..<k).max { a[$0][$0] < a[$1][$1] } ?? 0
        var vector = (0..<k).map { v[$0][top] }
        if vector.reduce(0, +) < 0 { vector = vector.map { -$0 } }
        return (vector, trace > 0 ? a[top][top] / trace : 0)
    }
}
