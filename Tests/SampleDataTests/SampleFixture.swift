import Foundation
import XCTest
import Domain
import ShapefileIO
@testable import SampleData

/// The sample is generated once per test run into a temporary folder; every test reads the
/// files back (through ShapefileIO's reader and a plain CSV split), never the generator's
/// internal values, so they check what a user would get.
enum SampleFixture {
    nonisolated(unsafe) private static var cached: String?

    static func folder() throws -> String {
        if let c = cached { return c }
        let dir = NSTemporaryDirectory() + "kasai-sample-\(getpid())-a"
        try SampleGenerator.generate(outputDirectory: dir) { _ in }
        cached = dir
        return dir
    }

    static func layer(_ name: String) throws -> Layer {
        try ShapefileReader().read(path: try folder() + "/" + name).layer
    }

    /// Rows of a CSV, split on commas and newlines, with quoted fields (the ACLED notes) and
    /// doubled quotes unquoted.
    static func csvRows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOfFile: try folder() + "/" + name, encoding: .utf8)
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } }
                else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        return rows
    }
}

extension Layer {
    func text(_ f: Feature, _ name: String) -> String { fieldIndex(name).flatMap { f.values[$0].text } ?? "" }
    func number(_ f: Feature, _ name: String) -> Double? { fieldIndex(name).flatMap { f.values[$0].number } }
    func polygons(_ f: Feature) -> [Polygon] { if case .polygons(let p)? = f.shape { return p } else { return [] } }
}
