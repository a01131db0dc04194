import Foundation
import Domain
import Outputs

/// A rules script (Lua) read once: the text the engine loads, the checks search and the run
/// manifest hashes are the same bytes.
///
/// ```swift
/// let rules = try RulesScript(path: "Scripts/criteria.lua")
/// let inline = RulesScript(source: "fact { name = \"events\", layer = \"conflict\", count = true } …", name: "inline.lua")
/// ```
public struct RulesScript: Sendable {
    /// Where the script came from: its path, or the name given to a script held in memory. Error
    /// messages cite `path:line`.
    public let path: String
    /// The Lua source.
    public let text: String
    /// SHA-256 of the source's bytes (recorded in run_manifest.json).
    public let sha256: String

    /// Reads a script from a file; throws a `TargetingError` naming the file when it is missing,
    /// too large or not UTF-8 text.
    public init(path: String) throws {
        let data = try InputFile.read(path: path, role: "rules script", limit: InputFile.maxTextBytes)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TargetingError("the rules script is not UTF-8 text", at: SourceLocation(file: path),
                                 hint: "save it as UTF-8")
        }
        self.path = path
        self.text = text
        self.sha256 = SHA256.hex(data)
    }

    /// A script held in memory; `name` stands for its path in messages and in the run manifest.
    public init(source: String, name: String = "rules.lua") {
        path = name
        text = source
        sha256 = SHA256.hex(Data(source.utf8))
    }
}
