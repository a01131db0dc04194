/// The rules API, written in Lua (`Lua/prelude.lua`, compiled into the binary at build time) and
/// run as trusted host code in the sandbox before the user's script. It builds the user's
/// environment (a whitelist), the declaration functions (`facts`, `criterion`, `indicator`,
/// `gate`, …) and the host entry points `__host_*` that Swift calls through the C layer.
enum Prelude {
    static let chunkname = "=(rules prelude)"
    /// Embedded by SwiftPM (`resources: [.embedInCode(…)]`): no file is looked up at run time, so
    /// an installed binary carries its rules API with it.
    static let source = String(decoding: PackageResources.prelude_lua, as: UTF8.self)
    /// Every Lua file the binary ships, by its path under Sources/Rules (for the syntax test).
    static let shippedFiles: [(path: String, source: String)] = [("Lua/prelude.lua", source)]
}
