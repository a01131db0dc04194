import Foundation
import Domain

/// The files that make up one shapefile on disk, found next to the .shp whatever the case of
/// their extensions (`X.SHP` with `x.dbf` is common on files from Windows tools).
struct CompanionFiles {
    let shp: String
    let shx: String?
    let dbf: String?
    let prj: String?
    let cpg: String?
    /// The .shp path shapelib opens (it looks for the .shx beside it): the one given, or the file a
    /// link points to when the companions are there.
    let shapelibPath: String

    init(shp path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension.lowercased() == "shp" else {
            throw TargetingError("not a .shp path", at: SourceLocation(file: path), hint: "give the path of the .shp file")
        }
        try InputFile.checkRegular(path: path, role: ".shp file")
        func companions(of shpPath: String) -> (shx: String?, dbf: String?, prj: String?, cpg: String?) {
            let url = URL(fileURLWithPath: shpPath)
            let folder = url.deletingLastPathComponent().path
            let stem = url.deletingPathExtension().lastPathComponent
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            func find(_ ext: String) -> String? {
                // Prefer the exact lower/upper-case spelling, then any case; sorted for determinism.
                let wanted = (stem + "." + ext).lowercased()
                let hits = names.filter { $0.lowercased() == wanted }.sorted()
                let exact = hits.first { $0 == stem + "." + ext || $0 == stem + "." + ext.uppercased() }
                return (exact ?? hits.first).map { folder + "/" + $0 }
            }
            return (find("shx"), find("dbf"), find("prj"), find("cpg"))
        }
        shp = path
        var found = companions(of: path)
        var opened = path
        // A .shp reached through a symbolic link whose companions are not beside the link (only
        // the .shp was linked): they are the ones beside the file it links to.
        if found.dbf == nil, let target = realpath(path, nil) {
            let resolved = String(cString: target)
            free(target)
            if resolved != path { found = companions(of: resolved); opened = resolved }
        }
        (shx, dbf, prj, cpg) = found
        shapelibPath = opened
        // Every companion is checked before any is opened: a pipe named X.prj would otherwise
        // block the reader (or shapelib, which opens the .shx itself) forever.
        for (file, ext) in [(shx, "shx"), (dbf, "dbf"), (prj, "prj"), (cpg, "cpg")] {
            if let file { try InputFile.checkRegular(path: file, role: ".\(ext) file") }
        }
    }
}

extension CompanionFiles {
    /// The file with the same stem and extension `ext` (any case) beside `path`, if there is one.
    static func beside(_ path: String, ext: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let wanted = (url.deletingPathExtension().lastPathComponent + "." + ext).lowercased()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.lowercased() == wanted }.sorted().first.map { folder + "/" + $0 }
    }
}

/// The files whose bytes decide what a shapefile holds: the .shp, and the .dbf, .prj and .cpg
/// beside it in whatever case they are spelt (the .shx is only an index). For input hashes.
public func shapefileDataFiles(_ shp: String) -> [String] {
    guard let c = try? CompanionFiles(shp: shp) else { return [shp] }
    return [c.shp] + [c.dbf, c.prj, c.cpg].compactMap { $0 }
}

/// Reads a whole shapefile component with a size bound, through the one input gate (regular files only,
/// size of a link's target).
enum BoundedFile {
    static func read(_ path: String, limit: Int, what: String) throws -> [UInt8] {
        try InputFile.read(path: path, role: "\(what) file", limit: limit) { size in tooLarge(path, size: size, limit: limit, what: what) }
    }

    static func tooLarge(_ path: String, size: Int, limit: Int, what: String) -> TargetingError {
        TargetingError("the \(what) file is \(size) bytes, over the limit of \(limit)", at: SourceLocation(file: path),
                       hint: "check that this is the intended file; a larger layer must be split (by province, say) before targeting reads it")
    }
}

/// Little- and big-endian reads from a byte array; callers check bounds first.
extension Array where Element == UInt8 {
    func u16LE(_ o: Int) -> Int { Int(self[o]) | Int(self[o + 1]) << 8 }
    func u32LE(_ o: Int) -> Int { Int(self[o]) | Int(self[o + 1]) << 8 | Int(self[o + 2]) << 16 | Int(self[o + 3]) << 24 }
    func i32LE(_ o: Int) -> Int { Int(Int32(bitPattern: UInt32(u32LE(o)))) }
    func i32BE(_ o: Int) -> Int {
        Int(Int32(bitPattern: UInt32(self[o]) << 24 | UInt32(self[o + 1]) << 16 | UInt32(self[o + 2]) << 8 | UInt32(self[o + 3])))
    }
}
