import ArgumentParser
import TargetingKit

/// `targeting`: rank communities against the targeting criteria of IOM's Kasaï strategy.
struct Targeting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targeting",
        abstract: "Rank communities for humanitarian and stabilisation programming from boundary, displacement, conflict and service layers, with targeting rules written in Lua.",
        discussion: """
        GIS officers: `targeting inspect` checks what was read from each file (CRS, encoding, invalid shapes, rejected rows).
        Programme designers: `targeting check RULES` validates a rules script; `targeting diff` compares two rule versions.
        Planners: `targeting rank` writes the priority list, maps and report to out/.
        With no options every command works on the bundled synthetic Kasaï sample (Shapefiles/kasai/targeting.toml).
        """,
        subcommands: [Rank.self, Inspect.self, Check.self, Diff.self, Map.self, Bench.self, GenerateSample.self],
        defaultSubcommand: nil
    )
}

#if canImport(Glibc)
// Before any work: malloc keeps the memory a step frees for the next step (see there).
MallocSettings.apply()
#endif
// As `Targeting.main()`, with GDAL's preload (started by `rank`) settled before any exit: the
// process must not exit while a helper thread is loading GDAL's libraries.
do {
    var command = try Targeting.parseAsRoot()
    try command.run()
    Pipeline.settleGDAL()
} catch {
    Pipeline.settleGDAL()
    Targeting.exit(withError: error)
}
