import Foundation

/// Paths shown in messages and written into outputs (data quality, run manifest) are relative to
/// the working folder when they lie inside it, so they read `Shapefiles/kasai/acled_kasai.csv`
/// and do not change with the folder a repository was cloned into. Paths elsewhere stay absolute.
public enum WorkingFolder {
    public static func relative(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
