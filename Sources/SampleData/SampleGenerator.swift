import Foundation
import Domain
import Outputs

/// The deterministic generator of the bundled synthetic Kasaï sample (Shapefiles/kasai). No
/// clock, no system randomness, no dictionary-order dependence: the same program writes the
/// same bytes every run. See Shapefiles/README.md for what each file holds and how it was
/// calibrated.
public enum SampleGenerator {
    public static func generate(outputDirectory: String, progress: (String) -> Void) throws {
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw TargetingError("cannot create the sample folder \(outputDirectory): \(error.localizedDescription)",
                                 hint: "choose another --out folder or fix its permissions")
        }
        let layout = SampleLayout.build(progress: progress)
        let boundaries = try SampleBoundaries.build(layout, progress: progress)
        for (i, p) in KasaiGeography.provinces.enumerated() {
            let pop = boundaries.units.filter { $0.province == i }.reduce(0) { $0 + $1.population }
            progress("\(p.name): \(Int(boundaries.provinces[i].areaKm2.rounded())) km² (target \(Int(p.areaKm2))), population \(pop)")
        }
        try BoundaryFiles.write(boundaries, to: outputDirectory)
        progress("wrote provinces.shp, territoires.shp, groupements.shp, zones_sante.shp")
        let roads = RoadAccess(boundaries)
        try Roads.write(to: outputDirectory)
        let villages = Villages.make(boundaries, roads: roads)
        try Villages.write(villages, boundaries, to: outputDirectory)
        let events = ConflictEvents.make(boundaries, villages: villages, roads: roads)
        try ConflictEvents.write(events, boundaries, to: outputDirectory)
        let displacement = DisplacementRounds.make(boundaries, events: events)
        try DisplacementRounds.write(displacement, boundaries, to: outputDirectory)
        try DisplacementRounds.writeZones(displacement, boundaries, to: outputDirectory)
        try ServiceLayers.write(boundaries, villages: villages, roads: roads, to: outputDirectory)
        try Perceptions.write(boundaries, events: events, displacement: displacement, to: outputDirectory)
        try AtomicFile.write(SampleManifest.text, to: outputDirectory + "/targeting.toml")
        progress("wrote roads.shp, \(villages.count) villages, \(events.count) ACLED events, \(displacement.count) DTM rows, services, perceptions, targeting.toml")
    }
}
