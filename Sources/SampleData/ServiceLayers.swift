import Foundation
import Domain
import ShapefileIO

/// The service and State layers, each in the shape its real source publishes: healthsites.io
/// style health facilities (field names cut to 10 characters: `operator_t` for operator_type,
/// `is_in_heal` for is_in_health_zone, `is_in_he_1` for is_in_health_area), OSM-style schools,
/// police posts (`amenity=police`), courts (`amenity=courthouse`) and State offices
/// (chefs-lieux). Dense in Tshikapa, Kananga and Mbuji-Mayi, sparse elsewhere; outside the
/// cities they sit in villages, more of them in groupements a road crosses and fewer in those
/// far from any road.
enum ServiceLayers {
    /// PNC agents in Kasaï: 3,110 (strategy). Kasaï-Central and Kasaï-Oriental have no public
    /// figure: 3,600 and 2,900 are OUR ASSUMPTIONS.
    static let policeAgents = ["CD92": 3_110, "CD91": 3_600, "CD82": 2_900]
    /// Territoires without an installed tribunal de paix in the sample (assumption), so that
    /// distance to justice varies.
    static let noTribunal: Set<String> = ["CD9208", "CD8209", "CD9107"]
    static let remote: Set<String> = ["CD9208", "CD9205", "CD8209", "CD9107"]

    static func write(_ b: SampleBoundaries, villages: [Village], roads: RoadAccess, to folder: String) throws {
        try health(b, villages, roads, folder)
        try schools(b, villages, roads, folder)
        try police(b, roads, folder)
        try courts(b, folder)
        try stateOffices(b, roads, folder)
    }

    private static func access(_ u: Int, _ b: SampleBoundaries, _ roads: RoadAccess) -> Double {
        roads.serviceFactor[u]
    }

    /// A village of the unit to put a facility in (the larger and the nearer a road, the likelier)
    /// and a point in its cell.
    private static func site(_ vs: [Village], _ b: SampleBoundaries, _ roads: RoadAccess,
                             _ rng: inout SampleRandom) -> (Village, Coordinate) {
        let cells = vs.map { b.layout.mesh.cell(near: $0.point) ?? b.units[$0.unit].cells[0] }
        let k = rng.weightedIndex(zip(vs, cells).map { (v, c) in
            Double(v.population + 100).squareRoot() * (1 + 3 * roads.pull(cell: c, km: 5))
        })
        return (vs[k], b.point(inCell: cells[k], rng: &rng))
    }

    private static func zoneName(_ p: Coordinate, _ b: SampleBoundaries) -> String {
        guard let c = b.layout.mesh.cell(near: p), b.layout.zone[c] >= 0 else { return "" }
        return HealthZones.name(Int(b.layout.zone[c]), b)
    }

    private static func health(_ b: SampleBoundaries, _ villages: [Village], _ roads: RoadAccess, _ folder: String) throws {
        var rng = SampleRandom(stream: "health")
        var shapes: [Shape?] = [], rows: [[Value]] = []
        var byUnit = [[Village]](repeating: [], count: b.units.count)
        for v in villages { byUnit[v.unit].append(v) }
        func add(_ p: Coordinate, amenity: String, healthcare: String, name: String, op: String, opType: String, area: String, beds: Int?) {
            shapes.append(.point(p))
            rows.append([.number(Double(7_000_000_000 + rows.count * 37)), .text("node"), .number(Double(20 + rng.int(60))),
                         .text(amenity), .text(healthcare), .text(name), .text(op), .text(opType), .text("SYNTHETIC sample"),
                         .text(zoneName(p, b)), .text(area), beds.map { .number(Double($0)) } ?? .null])
        }
        // One general referral hospital per health zone, at the zone's seed.
        for (z, s) in b.layout.zoneSeed.enumerated() {
            add(b.point(inCell: s, rng: &rng), amenity: "hospital", healthcare: "hospital",
                name: "Hôpital Général de Référence de \(HealthZones.name(z, b))", op: "Ministère de la Santé",
                opType: "government", area: "", beds: 40 + rng.int(160))
        }
        for (u, unit) in b.units.enumerated() {
            let factor = (remote.contains(b.territoireSpec(u).pcode) ? 0.45 : 1.0) * access(u, b, roads)
            let n = rng.poisson(Double(unit.population) / (unit.isCommune ? 9_000 : 13_000) * factor)
            for k in 0..<n {
                let (v, p) = site(byUnit[u], b, roads, &rng)
                let r = rng.unit()
                let (amenity, care, label, opType): (String, String, String, String) =
                    r < 0.6 ? ("clinic", "centre", "Centre de Santé", "government")
                    : r < 0.8 ? ("clinic", "clinic", "Poste de Santé", "community")
                    : r < 0.92 ? ("doctors", "clinic", "Centre de Santé de Référence", "religious")
                    : ("pharmacy", "pharmacy", "Pharmacie", "private")
                let op = opType == "religious" ? rng.pick(["BDOM (catholique)", "CBCO (protestant)", "Armée du Salut"])
                    : opType == "private" ? "Privé" : opType == "community" ? "Communauté" : "Ministère de la Santé"
                add(p, amenity: amenity, healthcare: care, name: "\(label) \(v.name)\(k > 0 && label == "Centre de Santé" ? " \(k + 1)" : "")",
                    op: op, opType: opType, area: "Aire de santé \(unit.name)", beds: amenity == "pharmacy" ? nil : rng.int(20))
            }
        }
        let fields = [FieldSchema(name: "osm_id", type: .integer), FieldSchema(name: "osm_type", type: .text),
                      FieldSchema(name: "completene", type: .integer), FieldSchema(name: "amenity", type: .text),
                      FieldSchema(name: "healthcare", type: .text), FieldSchema(name: "name", type: .text),
                      FieldSchema(name: "operator", type: .text), FieldSchema(name: "operator_t", type: .text),
                      FieldSchema(name: "source", type: .text), FieldSchema(name: "is_in_heal", type: .text),
                      FieldSchema(name: "is_in_he_1", type: .text), FieldSchema(name: "beds", type: .integer)]
        try ShapefileWriter.write(path: folder + "/health_facilities.shp", kind: .point, shapes: shapes, fields: fields, rows: rows)
    }

    private static func schools(_ b: SampleBoundaries, _ villages: [Village], _ roads: RoadAccess, _ folder: String) throws {
        var rng = SampleRandom(stream: "schools")
        var shapes: [Shape?] = [], rows: [[Value]] = []
        var byUnit = [[Village]](repeating: [], count: b.units.count)
        for v in villages { byUnit[v.unit].append(v) }
        for (u, unit) in b.units.enumerated() {
            let factor = (remote.contains(b.territoireSpec(u).pcode) ? 0.5 : 1.0) * access(u, b, roads)
            let n = rng.poisson(Double(unit.population) / (unit.isCommune ? 2_400 : 3_200) * factor)
            for _ in 0..<n {
                let (v, p) = site(byUnit[u], b, roads, &rng)
                let secondary = rng.chance(0.3)
                let op = rng.pick(["État", "Catholique", "Catholique", "Protestante", "Kimbanguiste", "Islamique", "Privé"])
                shapes.append(.point(p))
                rows.append([.number(Double(8_000_000_000 + rows.count * 41)), .text("school"),
                             .text((secondary ? "Institut " : "École primaire ") + v.name),
                             .text(secondary ? "secondary" : "primary"), .text(op),
                             .text(op == "État" ? "public" : op == "Privé" ? "private" : "religious"), .text("SYNTHETIC sample")])
            }
        }
        let fields = [FieldSchema(name: "osm_id", type: .integer), FieldSchema(name: "amenity", type: .text),
                      FieldSchema(name: "name", type: .text), FieldSchema(name: "isced_leve", type: .text),
                      FieldSchema(name: "operator", type: .text), FieldSchema(name: "operator_t", type: .text),
                      FieldSchema(name: "source", type: .text)]
        try ShapefileWriter.write(path: folder + "/schools.shp", kind: .point, shapes: shapes, fields: fields, rows: rows)
    }

    private static func police(_ b: SampleBoundaries, _ roads: RoadAccess, _ folder: String) throws {
        var rng = SampleRandom(stream: "police")
        struct Post { let point: Coordinate; let province: String; let name: String; let kind: String; let weight: Double; let proximity: Bool }
        var posts: [Post] = []
        for spec in KasaiGeography.territoires {
            let members = b.units(inTerritoire: spec.pcode)
            if spec.isVille {
                let capital = ["CD9201", "CD9101", "CD8201"].contains(spec.pcode)
                if capital, let (p, _) = b.point(near: spec.seat, rng: &rng) {
                    posts.append(Post(point: p, province: spec.province, name: "Commissariat provincial de la PNC (\(spec.name))",
                                      kind: "commissariat provincial", weight: 30, proximity: false))
                }
                for u in members {
                    let unit = b.units[u]
                    let n = capital ? 1 + rng.int(2) : 1
                    for k in 0..<n {
                        posts.append(Post(point: b.point(inUnit: u, rng: &rng), province: spec.province,
                                          name: "Commissariat de la commune de \(unit.name)\(k > 0 ? " (sous-commissariat)" : "")",
                                          kind: k == 0 ? "commissariat communal" : "sous-commissariat", weight: capital ? 3 : 1.5, proximity: false))
                    }
                    // Community policing (police de proximité) in Bipemba, Muya and Dibindi.
                    if ["Bipemba", "Muya", "Dibindi"].contains(unit.name) {
                        for k in 0..<2 {
                            posts.append(Post(point: b.point(inUnit: u, rng: &rng), province: spec.province,
                                              name: "Police de proximité \(unit.name) \(k + 1)", kind: "police de proximité",
                                              weight: 0.8, proximity: true))
                        }
                    }
                }
            } else {
                if let (p, _) = b.point(near: spec.seat, rng: &rng) {
                    posts.append(Post(point: p, province: spec.province, name: "Commissariat de district de \(spec.name)",
                                      kind: "commissariat de territoire", weight: 3, proximity: false))
                }
                for u in members where rng.chance((remote.contains(spec.pcode) ? 0.04 : 0.09) * access(u, b, roads)) {
                    posts.append(Post(point: b.point(inUnit: u, rng: &rng), province: spec.province,
                                      name: "Poste de police \(b.units[u].name)", kind: "poste de police", weight: 0.4, proximity: false))
                }
            }
        }
        var agents = [Int](repeating: 0, count: posts.count)
        for (pcode, total) in policeAgents.sorted(by: { $0.key < $1.key }) {
            let idx = posts.indices.filter { posts[$0].province == pcode }
            for (i, n) in zip(idx, apportion(total, weights: idx.map { posts[$0].weight })) { agents[i] = n }
        }
        let fields = [FieldSchema(name: "osm_id", type: .integer), FieldSchema(name: "amenity", type: .text),
                      FieldSchema(name: "name", type: .text), FieldSchema(name: "operator", type: .text),
                      FieldSchema(name: "police_typ", type: .text), FieldSchema(name: "agents", type: .integer),
                      FieldSchema(name: "proximite", type: .text), FieldSchema(name: "ADM1_PCODE", type: .text)]
        let rows: [[Value]] = posts.enumerated().map { (i, p) in
            [.number(Double(9_000_000_000 + i * 43)), .text("police"), .text(p.name), .text("Police Nationale Congolaise"),
             .text(p.kind), .number(Double(agents[i])), .text(p.proximity ? "oui" : "non"), .text(p.province)]
        }
        try ShapefileWriter.write(path: folder + "/police.shp", kind: .point, shapes: posts.map { .point($0.point) },
                                  fields: fields, rows: rows)
    }

    private static func courts(_ b: SampleBoundaries, _ folder: String) throws {
        var rng = SampleRandom(stream: "courts")
        var shapes: [Shape?] = [], rows: [[Value]] = []
        func add(_ place: Coordinate, _ name: String, _ kind: String) {
            guard let (p, _) = b.point(near: place, rng: &rng) else { return }
            shapes.append(.point(p))
            rows.append([.number(Double(9_500_000_000 + rows.count * 47)), .text("courthouse"), .text(name), .text(kind),
                         .text("Pouvoir judiciaire")])
        }
        for spec in KasaiGeography.territoires {
            switch spec.pcode {
            case "CD9101", "CD8201":
                add(spec.seat, "Cour d'appel de \(spec.name)", "cour d'appel")
                add(spec.seat, "Tribunal de grande instance de \(spec.name)", "tribunal de grande instance")
                add(spec.seat, "Tribunal de paix de \(spec.name)", "tribunal de paix")
                add(spec.seat, "Tribunal de paix de \(spec.name) II", "tribunal de paix")
            case "CD9201":
                add(spec.seat, "Tribunal de grande instance de Tshikapa", "tribunal de grande instance")
                add(spec.seat, "Tribunal de paix de Tshikapa", "tribunal de paix")
            default:
                if !noTribunal.contains(spec.pcode) { add(spec.seat, "Tribunal de paix de \(spec.name)", "tribunal de paix") }
            }
        }
        let fields = [FieldSchema(name: "osm_id", type: .integer), FieldSchema(name: "amenity", type: .text),
                      FieldSchema(name: "name", type: .text), FieldSchema(name: "court_type", type: .text),
                      FieldSchema(name: "operator", type: .text)]
        try ShapefileWriter.write(path: folder + "/courts.shp", kind: .point, shapes: shapes, fields: fields, rows: rows)
    }

    private static func stateOffices(_ b: SampleBoundaries, _ roads: RoadAccess, _ folder: String) throws {
        var rng = SampleRandom(stream: "state-offices")
        var shapes: [Shape?] = [], rows: [[Value]] = []
        func add(_ p: Coordinate, _ name: String, _ level: Int, _ levelName: String) {
            shapes.append(.point(p))
            rows.append([.number(Double(9_700_000_000 + rows.count * 53)), .text("townhall"), .text("government"),
                         .text(name), .number(Double(level)), .text(levelName)])
        }
        for spec in KasaiGeography.territoires {
            let capitals = ["CD9201": "Kasaï", "CD9101": "Kasaï-Central", "CD8201": "Kasaï-Oriental"]
            if let province = capitals[spec.pcode], let (p, _) = b.point(near: spec.seat, rng: &rng) {
                add(p, "Gouvernorat du \(province)", 4, "province")
            }
            if spec.isVille {
                if let (p, _) = b.point(near: spec.seat, rng: &rng) { add(p, "Mairie de \(spec.name)", 6, "ville") }
                for u in b.units(inTerritoire: spec.pcode) {
                    add(b.point(inUnit: u, rng: &rng), "Maison communale de \(b.units[u].name)", 8, "commune")
                }
            } else {
                if let (p, _) = b.point(near: spec.seat, rng: &rng) { add(p, "Bureau de l'administrateur du territoire de \(spec.name)", 6, "territoire") }
                // Secteur and chefferie offices: about one for nine groupements.
                for u in b.units(inTerritoire: spec.pcode) where rng.chance(access(u, b, roads) / 9) {
                    add(b.point(inUnit: u, rng: &rng), "Bureau du secteur \(b.units[u].name)", 8, "secteur")
                }
            }
        }
        let fields = [FieldSchema(name: "osm_id", type: .integer), FieldSchema(name: "amenity", type: .text),
                      FieldSchema(name: "office", type: .text), FieldSchema(name: "name", type: .text),
                      FieldSchema(name: "admin_leve", type: .integer), FieldSchema(name: "level_fr", type: .text)]
        try ShapefileWriter.write(path: folder + "/state_offices.shp", kind: .point, shapes: shapes, fields: fields, rows: rows)
    }
}
