import Foundation
import CGDAL
import Domain
import ShapefileIO

/// A zipped shapefile (as HDX ships COD-AB boundaries): the archive is listed through GDAL's
/// /vsizip/, the chosen shapefile's files are copied out to a private temporary folder (each
/// size checked before a byte is copied), and read by the shapefile reader, our checked path, so
/// that a zipped layer gives exactly what the same layer unzipped gives. Messages and records cite
/// `archive.zip/member.shp`. Nothing is written beside the archive.
struct ZippedShapefile {
    /// Reads the shapefile once copied out (its limits also bound the archive).
    let reader: ShapefileReader
    var limits: ShapefileLimits { reader.limits }

    /// The shapefiles in the archive, by layer name (the member's path without `.shp`), sorted.
    static func members(of path: String) throws -> [String: String] {
        try GDAL.ready()
        CPLErrorReset()
        let entries = GDAL.takeStringList(VSIReadDirRecursive("/vsizip/" + path))
        if entries.isEmpty, let why = GDAL.lastError() {
            throw TargetingError("GDAL could not read the file as a zip archive (GDAL: \(why))", at: SourceLocation(file: path),
                                 hint: "check that the file is a zip archive and not truncated (download it again)")
        }
        var found: [String: String] = [:]
        for e in entries where e.lowercased().hasSuffix(".shp") {
            let name = (e as NSString).lastPathComponent
            // The resource forks macOS adds to archives (`__MACOSX/._x.shp`) are not shapefiles.
            if e.hasPrefix("__MACOSX/") || name.hasPrefix("._") { continue }
            found[String(e.dropLast(4))] = e
        }
        return found
    }

    func read(path: String, layer wanted: String?) throws -> ShapefileReadResult {
        let here = SourceLocation(file: path)
        let size = try InputFile.checkRegular(path: path, role: "zip archive")
        guard size <= limits.maxFileBytes else {
            throw TargetingError("the zip archive is \(size) bytes, over the limit of \(limits.maxFileBytes)", at: here,
                                 hint: "check that this is the intended file")
        }
        let members = try Self.members(of: path)
        guard !members.isEmpty else {
            throw TargetingError("the zip archive holds no shapefile (.shp)", at: here,
                                 hint: "zip archives are read for the shapefiles inside; for another format, unzip it and name the file itself")
        }
        // A layer may be named by its stem alone when that is unambiguous ("groupements" for
        // "cod_ab/groupements").
        var byName = members
        let stems = Dictionary(grouping: members.keys) { ($0 as NSString).lastPathComponent }
        for (stem, names) in stems where names.count == 1 && byName[stem] == nil { byName[stem] = members[names[0]] }
        let chosen: String
        if let wanted, byName[wanted] != nil { chosen = wanted } else {
            chosen = try LayerChoice.choose(wanted, among: members.keys.sorted(), kind: "shapefile", path: path)
        }
        let member = byName[chosen]!
        let folder = try TemporaryFolder(prefix: "targeting-zip")
        defer { folder.remove() }
        let copied = try extract(member, from: path, into: folder.path)
        let cited = path + "/" + member
        do {
            var read = try reader.read(path: copied)
            read.relocate(from: copied, to: cited)
            read.report.format = InputFormat.zippedShapefile.title
            read.report.layer = chosen
            return read
        } catch var e as TargetingError {
            if let f = e.location?.file { e.location?.file = Self.cite(f, copied: copied, as: cited) }
            throw e
        }
    }

    /// Copies the member's .shp and every file beside it with the same stem (any case) out of the
    /// archive; returns the path of the copied .shp.
    private func extract(_ member: String, from archive: String, into folder: String) throws -> String {
        let inside = (member as NSString).deletingLastPathComponent
        let stem = ((member as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        let siblings = GDAL.takeStringList(VSIReadDir("/vsizip/" + archive + (inside.isEmpty ? "" : "/" + inside)))
        var shp: String? = nil
        for name in siblings.sorted() where (name as NSString).deletingPathExtension.lowercased() == stem {
            let ext = (name as NSString).pathExtension.lowercased()
            guard ["shp", "shx", "dbf", "prj", "cpg"].contains(ext) else { continue }
            let source = "/vsizip/" + archive + "/" + (inside.isEmpty ? "" : inside + "/") + name
            let target = folder + "/layer." + ext
            try copy(source, to: target, cited: archive + "/" + (inside.isEmpty ? "" : inside + "/") + name)
            if ext == "shp" { shp = target }
        }
        guard let shp else { throw TargetingError("GDAL could not read \(member) in the zip archive", at: SourceLocation(file: archive)) }
        return shp
    }

    private func copy(_ source: String, to target: String, cited: String) throws {
        let here = SourceLocation(file: cited)
        guard let input = VSIFOpenL(source, "rb") else { throw TargetingError("GDAL could not open this member of the zip archive", at: here) }
        defer { VSIFCloseL(input) }
        // The size the archive states, checked before a byte is copied.
        guard VSIFSeekL(input, 0, SEEK_END) == 0 else { throw TargetingError("GDAL could not read this member of the zip archive", at: here) }
        let stated = Int(VSIFTellL(input))
        guard stated <= limits.maxFileBytes else {
            throw TargetingError("the file unzips to \(stated) bytes, over the limit of \(limits.maxFileBytes)", at: here,
                                 hint: "check that this is the intended file; a larger layer must be split (by province, say) before targeting reads it")
        }
        guard VSIFSeekL(input, 0, SEEK_SET) == 0 else { throw TargetingError("GDAL could not read this member of the zip archive", at: here) }
        guard let output = fopen(target, "wb") else {
            throw TargetingError("could not write a temporary copy of this member: \(String(cString: strerror(errno)))", at: here,
                                 hint: "check free space in the temporary folder")
        }
        defer { fclose(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, $0.count, input) }
            if n == 0 { break }
            total += n
            // The stated size may lie (a crafted archive): the bound holds on the bytes themselves.
            guard total <= limits.maxFileBytes else {
                throw TargetingError("the file unzips to more than \(limits.maxFileBytes) bytes, the limit", at: here)
            }
            guard buffer.withUnsafeBytes({ fwrite($0.baseAddress, 1, n, output) }) == n else {
                throw TargetingError("could not write a temporary copy of this member", at: here, hint: "check free space in the temporary folder")
            }
        }
        guard total == stated else {
            throw TargetingError("the zip archive is damaged: this member gave \(total) of its \(stated) bytes", at: here,
                                 hint: "download or zip the layer again")
        }
    }

    /// A path that names a file of the temporary copy, rewritten to name it in the archive.
    static func cite(_ file: String, copied: String, as cited: String) -> String {
        guard (file as NSString).deletingLastPathComponent == (copied as NSString).deletingLastPathComponent else { return file }
        let ext = (file as NSString).pathExtension
        return String(cited.dropLast(3)) + ext
    }
}

extension ShapefileReadResult {
    /// Every path that names the temporary copy made to name the file in the archive instead.
    mutating func relocate(from copied: String, to cited: String) {
        func fix(_ f: String) -> String { ZippedShapefile.cite(f, copied: copied, as: cited) }
        layer.path = cited
        for k in layer.features.indices { layer.features[k].location.file = fix(layer.features[k].location.file) }
        for k in layer.diagnostics.indices { layer.diagnostics[k].location.file = fix(layer.diagnostics[k].location.file) }
        report.path = cited
    }
}

/// A private folder under the system's temporary directory (mode 0700), removed with its content.
struct TemporaryFolder {
    let path: String

    init(prefix: String) throws {
        let tmp = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array((tmp + prefix + "-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> String? in
            guard let base = buf.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let made else { throw TargetingError("could not create a temporary folder: \(String(cString: strerror(errno)))") }
        path = made
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
