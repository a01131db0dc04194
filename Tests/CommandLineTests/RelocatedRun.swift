import Foundation
import XCTest

/// SHA-256 of `data` by the system's sha256sum, independent of our own implementation.
func sha256sum(_ data: Data) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("cli-sha-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let p = Process(), pipe = Pipe()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    p.arguments = [file.path]
    p.standardOutput = pipe
    try p.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(String(decoding: out, as: UTF8.self).prefix(64))
}

/// The files of a run written into `from` (name → bytes), as the same run writes them into `to`:
/// the run manifest and its copy in report.html name the --out folder (to repeat the run), and the
/// run manifest records report.html's hash, which changes with it.
func relocated(_ files: [String: Data], from: URL, to: URL) throws -> [String: Data] {
    var result = files
    func moved(_ data: Data) -> Data {
        Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: from.path, with: to.path).utf8)
    }
    var hashes: [(String, String)] = []
    if let report = files["report.html"] {
        result["report.html"] = moved(report)
        hashes.append((try sha256sum(report), try sha256sum(moved(report))))
    }
    if let manifest = files["run_manifest.json"] {
        var text = String(decoding: moved(manifest), as: UTF8.self)
        for (old, new) in hashes { text = text.replacingOccurrences(of: old, with: new) }
        result["run_manifest.json"] = Data(text.utf8)
    }
    return result
}
