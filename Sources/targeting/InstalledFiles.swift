import Foundation

/// The bundled sample and rules scripts that `make install` puts beside the command
/// (PREFIX/bin/targeting, PREFIX/share/targeting/Shapefiles/kasai, PREFIX/share/targeting/Scripts),
/// so that `targeting rank` and the README's examples work from any folder.
enum InstalledFiles {
    /// The project every command uses without --project.
    static let defaultProject = "Shapefiles/kasai/targeting.toml"

    /// PREFIX/share/targeting for the running command, when it exists (not in a build folder).
    static let shareFolder: String? = {
        guard let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let share = exe.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/targeting").standardizedFileURL.path
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: share, isDirectory: &isFolder) && isFolder.boolValue ? share : nil
    }()

    /// `path` itself when it exists (or is absolute, or there is no installed copy); else the
    /// installed copy of the same relative path (Scripts/criteria.lua, Shapefiles/kasai/…), said
    /// on stderr unless `quiet`, so that no one takes it for a file of the current folder.
    static func resolve(_ path: String, quiet: Bool = false) -> String {
        guard !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path), let share = shareFolder else { return path }
        let installed = (share as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: installed) else { return path }
        if !quiet {
            FileHandle.standardError.write(Data("note: \(path) is not in this folder: using the copy installed with targeting, \(installed)\n".utf8))
        }
        return installed
    }
}
