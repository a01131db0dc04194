/// The deterministic generator of the bundled synthetic Kasaï sample (being written).
public enum SampleGenerator {
    public static func generate(outputDirectory: String, progress: (String) -> Void) throws {
        throw SampleNotReady()
    }
    struct SampleNotReady: Error, CustomStringConvertible { var description: String { "the sample generator is not written yet" } }
}
