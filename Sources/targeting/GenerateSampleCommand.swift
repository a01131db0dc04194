import ArgumentParser
import SampleData

struct GenerateSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-sample",
        abstract: "Regenerate the bundled synthetic Kasaï sample (same bytes every run).")

    @Option(help: "Folder to write the sample into.")
    var out: String = "Shapefiles/kasai"

    func run() throws {
        try SampleGenerator.generate(outputDirectory: out) { message in print(message) }
    }
}
