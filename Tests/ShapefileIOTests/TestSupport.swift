import Foundation
import XCTest
import Domain

/// A temporary folder for one test, removed afterwards.
final class TempFolder {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "/shapefileio-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: file(name)))) }
    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// Minimal independent reading of .shp bytes (the spec's layout, not shapelib), so that tests of
/// the writer do not trust the code under test.
struct RawSHPRecord {
    var type: Int32
    var parts: [Int32]
    var points: [Coordinate]
}

enum RawSHP {
    static func int32BE(_ b: [UInt8], _ o: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3]))
    }
    static func int32LE(_ b: [UInt8], _ o: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[o + 3]) << 24 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 1]) << 8 | UInt32(b[o]))
    }
    static func doubleLE(_ b: [UInt8], _ o: Int) -> Double {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(b[o + i]) << (8 * UInt64(i)) }
        return Double(bitPattern: v)
    }
    static func records(_ b: [UInt8]) -> [RawSHPRecord] {
        var out: [RawSHPRecord] = []
        var o = 100
        while o + 8 <= b.count {
            let len = Int(int32BE(b, o + 4)) * 2
            let c = o + 8
            let type = int32LE(b, c)
            var rec = RawSHPRecord(type: type, parts: [], points: [])
            if type == 1 {
                rec.points = [Coordinate(doubleLE(b, c + 4), doubleLE(b, c + 12))]
            } else if type == 3 || type == 5 {
                let np = Int(int32LE(b, c + 36)), nv = Int(int32LE(b, c + 40))
                rec.parts = (0..<np).map { int32LE(b, c + 44 + 4 * $0) }
                let v0 = c + 44 + 4 * np
                rec.points = (0..<nv).map { Coordinate(doubleLE(b, v0 + 16 * $0), doubleLE(b, v0 + 16 * $0 + 8)) }
            }
            out.append(rec)
            o = c + len
        }
        return out
    }
    /// Shoelace signed area ×2; negative = clockwise.
    static func signedArea(_ r: ArraySlice<Coordinate>) -> Double {
        let a = Array(r)
        var s = 0.0
        for i in 0..<(a.count - 1) { s += a[i].x * a[i + 1].y - a[i + 1].x * a[i].y }
        return s
    }
}

func square(_ x0: Double, _ y0: Double, _ size: Double, clockwise: Bool) -> Ring {
    let ccw = [Coordinate(x0, y0), Coordinate(x0 + size, y0), Coordinate(x0 + size, y0 + size), Coordinate(x0, y0 + size), Coordinate(x0, y0)]
    return clockwise ? Array(ccw.reversed()) : ccw
}

func assertThrowsTargetingError<T>(_ body: @autoclosure () throws -> T, containing parts: [String],
                                file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error mentioning \(parts)", file: file, line: line)
    } catch let e as TargetingError {
        for p in parts { XCTAssertTrue(e.description.contains(p), "\"\(e.description)\" should mention \"\(p)\"", file: file, line: line) }
    } catch {
        XCTFail("expected a TargetingError, got \(error)", file: file, line: line)
    }
}
