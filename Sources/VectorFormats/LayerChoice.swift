import Domain

/// Which layer of a file with several (GeoPackage tables, zipped shapefiles, workbook sheets) is
/// read: the one `layer = "…"` names, or the only one. Several and none named is an error that
/// lists them, never a silent pick of the first.
enum LayerChoice {
    /// `kind` names the layers in messages ("layer", "sheet", "shapefile").
    static func choose(_ wanted: String?, among names: [String], kind: String, path: String) throws -> String {
        let here = SourceLocation(file: path)
        let listed = names.map { "\"\($0)\"" }.joined(separator: ", ")
        if let wanted {
            if names.contains(wanted) { return wanted }
            // Names are matched exactly first, then ignoring case (a sheet "DTM" named "dtm").
            let anyCase = names.filter { $0.lowercased() == wanted.lowercased() }
            if anyCase.count == 1 { return anyCase[0] }
            let near = EditDistance.nearest(to: wanted, among: names).map { "did you mean layer = \"\($0)\"? " } ?? ""
            throw TargetingError("the file has no \(kind) named \"\(wanted)\"; its \(kind)s are: \(names.isEmpty ? "none" : listed)", at: here,
                                 hint: near + "set layer = \"…\" to one of them")
        }
        switch names.count {
        case 0:
            throw TargetingError("the file holds no \(kind)", at: here, hint: "check that this is the intended file")
        case 1:
            return names[0]
        default:
            throw TargetingError("the file holds \(names.count) \(kind)s (\(listed)): say which one to read", at: here,
                                 hint: "add layer = \"\(names[0])\" (or another of them) to this entry of the manifest")
        }
    }
}
