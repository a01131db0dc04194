import Foundation
import Domain
import ShapefileIO

/// A locality (village, town, city quarter) with its share of the unit's population.
struct Village {
    let name: String
    let place: String
    let unit: Int
    let point: Coordinate
    let population: Int
}

/// `villages.shp`: locality points whose populations add up exactly to their unit's POP_2017.
enum Villages {
    /// Villages string along the roads: a cell on a road is about six times as likely to hold
    /// one as a cell far from any.
    static func make(_ b: SampleBoundaries, roads: RoadAccess) -> [Village] {
        var rng = SampleRandom(stream: "villages")
        var result: [Village] = []
        for (u, unit) in b.units.enumerated() {
            var named: [(String, String, Coordinate)] = []
            // Story places and seats are localities at fixed places.
            if u == b.layout.kamakoUnit, let c = b.layout.mesh.cell(near: KasaiGeography.kamako) {
                named.append(("Kamako", "town", b.point(inCell: c, rng: &rng)))
            }
            if u == b.layout.kamwinaNsapuUnit, let c = b.layout.mesh.cell(near: KasaiGeography.dibatayi) {
                named.append(("Dibatayi", "village", b.point(inCell: c, rng: &rng)))
            }
            let spec = b.territoireSpec(u)
            if !spec.isVille, b.unit(near: spec.seat) == u, let c = b.layout.mesh.cell(near: spec.seat) {
                named.append((spec.name, "town", b.point(inCell: c, rng: &rng)))
            }
            let style = PlaceNames.style(for: spec.pcode)
            var names = PlaceNames(stream: "village:" + unit.pcode)
            let count = unit.isCommune ? 6 + rng.int(5) : 3 + min(12, unit.population / 4000) + rng.int(3)
            var used = Set(named.map(\.0))
            while named.count < count {
                let name = unit.isCommune ? "Quartier " + names.village(style) : names.village(style)
                if used.insert(name).inserted {
                    let cells = unit.cells
                    let c = unit.isCommune ? cells[rng.int(cells.count)]
                        : cells[rng.weightedIndex(cells.map { 1 + 5 * roads.pull(cell: $0, km: 4) })]
                    named.append((name, unit.isCommune ? "neighbourhood" : "village", b.point(inCell: c, rng: &rng)))
                }
            }
            let weights = named.map { $0.1 == "town" ? 4.0 : exp(0.8 * rng.normal()) }
            for (v, n) in zip(named, apportion(unit.population, weights: weights)) {
                result.append(Village(name: v.0, place: v.1, unit: u, point: v.2, population: n))
            }
        }
        return result
    }

    static func write(_ villages: [Village], _ b: SampleBoundaries, to folder: String) throws {
        let fields = [FieldSchema(name: "name", type: .text), FieldSchema(name: "place", type: .text),
                      FieldSchema(name: "population", type: .integer), FieldSchema(name: "GRP_PCODE", type: .text),
                      FieldSchema(name: "ADM2_PCODE", type: .text)]
        let rows: [[Value]] = villages.map { v in
            [.text(v.name), .text(v.place), .number(Double(v.population)), .text(b.units[v.unit].pcode),
             .text(b.territoireSpec(v.unit).pcode)]
        }
        try ShapefileWriter.write(path: folder + "/villages.shp", kind: .point,
                                  shapes: villages.map { .point($0.point) }, fields: fields, rows: rows)
    }
}
