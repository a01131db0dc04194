import Foundation
import Domain
import Outputs

/// One ACLED-style event.
struct ConflictEvent {
    var date: ISODate
    var unit: Int?              // nil for the few events placed outside every unit
    var location: String
    var point: Coordinate
    var eventType: String
    var subEventType: String
    var actor1: String, inter1: Int, actor2: String, inter2: Int
    var assocActor1: String = ""
    var fatalities: Int
    var geoPrecision: Int
    var timePrecision: Int
    var note: String
}

/// `acled_kasai.csv`, in the column layout of an ACLED export, dates written as
/// ACLED writes them ("15 August 2016"), events newest first.
enum ConflictEvents {
    static let columns = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                          "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                          "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                          "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                          "fatalities", "tags", "timestamp"]

    static func state(_ kind: String, _ date: ISODate) -> String {
        let era = date < ISODate(daysSinceEpoch: 17920) ? "(2001-2019)" : "(2019-)"  // 2019-01-24, new president
        return "\(kind) Forces of the Democratic Republic of Congo \(era)"
    }
    static let civilians = "Civilians (Democratic Republic of Congo)"

    static func make(_ b: SampleBoundaries, villages: [Village], roads: RoadAccess) -> [ConflictEvent] {
        var rng = SampleRandom(stream: "acled")
        var byUnit = [[Int]](repeating: [], count: b.units.count)
        for (i, v) in villages.enumerated() { byUnit[v.unit].append(i) }
        var cellsOfTerritoire = [[Int]](repeating: [], count: KasaiGeography.territoires.count)
        for c in 0..<b.layout.mesh.count where b.layout.unit[c] >= 0 { cellsOfTerritoire[Int(b.layout.territoire[c])].append(c) }
        var surfaces: [String: EventSurface] = [:]
        var events: [ConflictEvent] = []
        for year in 2015...2020 {
            for month in 1...12 {
                for (t, spec) in KasaiGeography.territoires.enumerated() {
                    let n = rng.poisson(ConflictStory.intensity(spec.pcode, year: year, month: month))
                    guard n > 0 else { continue }
                    let phase = ConflictStory.phase(spec.pcode, year: year, month: month)
                    let era = ConflictStory.era(phase)
                    let key = spec.pcode + "/" + era.rawValue
                    let surface = surfaces[key] ?? EventSurface(territoire: t, era: era, b: b, roads: roads, cells: cellsOfTerritoire[t])
                    surfaces[key] = surface
                    // Events come in flare-ups: a few days of the month, a few days either side.
                    let days = ISODate.daysIn(month: month, year: year)
                    let flares = (0...(n / 6)).map { _ in 1 + rng.int(days) }
                    for _ in 0..<n {
                        let c = surface.draw(&rng)
                        let u = Int(b.layout.unit[c])
                        // ACLED geocodes to a named place: the unit's village nearest the drawn spot.
                        let spot = b.layout.mesh.centre(c)
                        let v = villages[byUnit[u].min { Roads.km(villages[$0].point, spot) < Roads.km(villages[$1].point, spot) } ?? byUnit[u][0]]
                        let day = min(days, max(1, flares[rng.int(flares.count)] + Int((2.5 * rng.normal()).rounded())))
                        let date = ISODate(year: year, month: month, day: day) ?? ISODate(daysSinceEpoch: 0)
                        events.append(event(phase: phase, date: date, unit: u, village: v, b: b, rng: &rng))
                    }
                }
            }
        }
        events += edgeEvents(b, rng: &rng)
        events += outsideEvents(rng: &rng)
        return events
    }

    private static func event(phase: ConflictStory.Phase, date: ISODate, unit: Int, village: Village,
                              b: SampleBoundaries, rng: inout SampleRandom) -> ConflictEvent {
        let army = state("Military", date), police = state("Police", date)
        let r = rng.unit()
        var e = ConflictEvent(date: date, unit: unit, location: village.name, point: village.point, eventType: "Protests",
                              subEventType: "Peaceful protest", actor1: "Protesters (Democratic Republic of Congo)", inter1: 6,
                              actor2: "", inter2: 0, fatalities: 0, geoPrecision: 1, timePrecision: 1, note: "")
        func battle(_ a: String, _ ia: Int, _ c: String, _ ic: Int) {
            e.eventType = "Battles"; e.subEventType = "Armed clash"; e.actor1 = a; e.inter1 = ia; e.actor2 = c; e.inter2 = ic
            e.fatalities = heavyTail(1.3, cap: 90, &rng)
        }
        func violence(_ a: String, _ ia: Int, _ sub: String = "Attack") {
            e.eventType = "Violence against civilians"; e.subEventType = sub; e.actor1 = a; e.inter1 = ia
            e.actor2 = civilians; e.inter2 = 7
            e.fatalities = sub == "Attack" ? (rng.chance(0.04) ? 20 + rng.int(40) : heavyTail(0.4, cap: 15, &rng)) : 0
        }
        func strategic(_ a: String, _ ia: Int, _ sub: String) {
            e.eventType = "Strategic developments"; e.subEventType = sub; e.actor1 = a; e.inter1 = ia
            if sub == "Looting/property destruction" { e.actor2 = civilians; e.inter2 = 7 }
        }
        switch phase {
        case .kamwinaNsapu:
            let kn = "Kamwina Nsapu Militia"
            if r < 0.38 { battle(kn, 3, rng.chance(0.7) ? army : police, 1) }
            else if r < 0.58 { violence(kn, 3) }
            else if r < 0.72 { violence(army, 1) }
            else if r < 0.82 { strategic(kn, 3, "Looting/property destruction") }
            else if r < 0.87 { strategic(police, 1, "Arrests") }
            else if r < 0.89 { e.eventType = "Explosions/Remote violence"; e.subEventType = "Grenade"; e.actor1 = kn; e.inter1 = 3
                               e.fatalities = rng.int(4) }
            else if r < 0.95 { e.eventType = "Riots"; e.subEventType = "Mob violence"; e.actor1 = "Rioters (Democratic Republic of Congo)"; e.inter1 = 5 }
            else { strategic(kn, 3, "Change to group/activity") }
        case .banaMura:
            if r < 0.45 { violence("Bana Mura Militia", 4) }
            else if r < 0.65 { battle("Bana Mura Militia", 4, "Kamwina Nsapu Militia", 3) }
            else if r < 0.85 { violence("Kamwina Nsapu Militia", 3) }
            else { strategic("Bana Mura Militia", 4, "Looting/property destruction") }
        case .ecurieMbembe:
            if r < 0.35 { violence("Ecurie Mbembe Militia", 3) }
            else if r < 0.6 { battle("Ecurie Mbembe Militia", 3, army, 1) }
            else if r < 0.75 { violence(rng.chance(0.5) ? army : police, 1) }
            else if r < 0.9 { strategic("Ecurie Mbembe Militia", 3, "Looting/property destruction") }
            else { e.eventType = "Riots"; e.subEventType = "Mob violence"; e.actor1 = "Rioters (Democratic Republic of Congo)"; e.inter1 = 5 }
        case .communal2020:
            let a = b.units[unit].province == 0 ? "Bakwa Ndaba Communal Militia (Democratic Republic of Congo)" : "Kuba Ethnic Militia (Democratic Republic of Congo)"
            let c = b.units[unit].province == 0 ? "Bena Tshibanda Communal Militia (Democratic Republic of Congo)" : "Luba Ethnic Militia (Democratic Republic of Congo)"
            if r < 0.5 { battle(a, 4, c, 4); e.fatalities = min(e.fatalities, 12) }
            else if r < 0.85 { violence(rng.chance(0.5) ? a : c, 4) }
            else { strategic(a, 4, "Looting/property destruction") }
        case .calm:
            if r < 0.42 { e.assocActor1 = rng.chance(0.5) ? "UDPS: Union for Democracy and Social Progress" : "Teachers (Democratic Republic of Congo)"
                          if rng.chance(0.2) { e.subEventType = "Protest with intervention"; e.actor2 = police; e.inter2 = 1 } }
            else if r < 0.64 { e.eventType = "Riots"; e.subEventType = rng.chance(0.5) ? "Mob violence" : "Violent demonstration"
                               e.actor1 = "Rioters (Democratic Republic of Congo)"; e.inter1 = 5; e.fatalities = rng.chance(0.15) ? 1 : 0 }
            else if r < 0.8 { violence(rng.chance(0.5) ? police : "Unidentified Armed Group (Democratic Republic of Congo)", rng.chance(0.5) ? 1 : 3) }
            else { strategic(police, 1, "Arrests") }
        }
        if rng.chance(0.25) { e.geoPrecision = 2 }
        if rng.chance(0.1) { e.timePrecision = 2 }
        e.note = "On \(date.spelledOut), \(describe(e)) in \(village.name) (\(b.territoireSpec(unit).name), \(b.provinceSpec(unit).plainName)). [SYNTHETIC EVENT]"
        if e.fatalities > 0 { e.note += " \(e.fatalities) fatalities." }
        return e
    }

    private static func heavyTail(_ mu: Double, cap: Int, _ rng: inout SampleRandom) -> Int {
        min(cap, max(0, Int(exp(mu + 1.0 * rng.normal()).rounded(.down))))
    }

    private static func describe(_ e: ConflictEvent) -> String {
        switch e.eventType {
        case "Battles": return "\(e.actor1) clashed with \(e.actor2)"
        case "Violence against civilians": return "\(e.actor1) attacked civilians"
        case "Protests": return "people demonstrated"
        case "Riots": return "rioters clashed"
        case "Explosions/Remote violence": return "a grenade was thrown by \(e.actor1)"
        default: return "\(e.actor1): \(e.subEventType.lowercased())"
        }
    }

    /// A handful of events exactly on a corner shared by two groupements (the shared-border rule: such a point counts for the unit whose id sorts first).
    private static func edgeEvents(_ b: SampleBoundaries, rng: inout SampleRandom) -> [ConflictEvent] {
        var out: [ConflictEvent] = []
        let mesh = b.layout.mesh
        for pcode in ["CD9102", "CD9105", "CD9202", "CD9204", "CD8202"] {
            let members = b.units(inTerritoire: pcode)
            search: for u in members {
                for c in b.units[u].cells {
                    for n in mesh.neighbours(c) where b.layout.unit[n] >= 0 && Int(b.layout.unit[n]) != u
                        && b.layout.territoire[n] == b.layout.territoire[c] {
                        let shared = mesh.cornerKeys(c).filter { k in mesh.cornerKeys(n).contains { $0 == k } }
                        guard let k = shared.first else { continue }
                        let p = mesh.corner(k.0, k.1)
                        let date = ISODate(year: 2017, month: 3 + out.count, day: 10 + out.count) ?? ISODate(daysSinceEpoch: 0)
                        var e = ConflictEvent(date: date, unit: u, location: b.units[u].name, point: p,
                                              eventType: "Battles", subEventType: "Armed clash", actor1: "Kamwina Nsapu Militia",
                                              inter1: 3, actor2: state("Military", date), inter2: 1, fatalities: 2 + rng.int(6),
                                              geoPrecision: 2, timePrecision: 1, note: "")
                        e.note = "On \(date.spelledOut), Kamwina Nsapu Militia clashed with FARDC on the limit between two groupements (\(b.territoireSpec(u).name)). [SYNTHETIC EVENT: on a shared border]"
                        out.append(e)
                        break search
                    }
                }
            }
        }
        return out
    }

    /// Three events geocoded across the Angolan border, outside every unit.
    private static func outsideEvents(rng: inout SampleRandom) -> [ConflictEvent] {
        let places: [(String, Coordinate, Int, Int)] = [("Kamako (Angolan side)", Coordinate(20.63, -7.62), 2018, 10),
                                                        ("Lunda Norte border", Coordinate(20.1, -7.6), 2019, 3),
                                                        ("Kalamba-Mbuji (Angolan side)", Coordinate(21.95, -8.45), 2020, 5)]
        return places.map { (name, p, y, m) in
            let date = ISODate(year: y, month: m, day: 12) ?? ISODate(daysSinceEpoch: 0)
            return ConflictEvent(date: date, unit: nil, location: name, point: p, eventType: "Violence against civilians",
                                 subEventType: "Attack", actor1: "Military Forces of Angola (2017-)", inter1: 8, actor2: civilians,
                                 inter2: 7, fatalities: 1 + rng.int(3), geoPrecision: 3, timePrecision: 2,
                                 note: "On \(date.spelledOut), Angolan forces attacked Congolese migrants being expelled near the border. [SYNTHETIC EVENT: outside every unit]")
        }
    }


    static func write(_ events: [ConflictEvent], _ b: SampleBoundaries, to folder: String) throws {
        // Ids in date order (then generation order); the file lists newest first, as ACLED does.
        let order = events.indices.sorted { events[$0].date != events[$1].date ? events[$0].date < events[$1].date : $0 < $1 }
        var csv = CSVWriter(header: columns)
        let sources = ["Radio Okapi", "Actualite.cd", "ACP", "Radio Okapi; MONUSCO", "7sur7.cd", "Human Rights Watch", "OCHA"]
        for (rank, i) in order.enumerated().reversed() {
            let e = events[i]
            let id = 10_001 + rank
            let disorder: String
            switch e.eventType {
            case "Protests", "Riots": disorder = e.subEventType == "Mob violence" ? "Political violence" : "Demonstrations"
            case "Strategic developments": disorder = "Strategic developments"
            default: disorder = "Political violence"
            }
            let interaction = e.inter2 == 0 ? e.inter1 * 10 : min(e.inter1, e.inter2) * 10 + max(e.inter1, e.inter2)
            let (admin1, admin2, admin3): (String, String, String) = e.unit.map { u in
                (b.provinceSpec(u).plainName, withoutAccents(b.territoireSpec(u).name), withoutAccents(b.units[u].name))
            } ?? ("Kasai", "Kamonia", "")
            let source = sources[(id * 7) % sources.count]
            csv.appendRow([
                "DRC\(id)", e.date.spelledOut, "\(e.date.components.year)", "\(e.timePrecision)", disorder, e.eventType,
                e.subEventType, e.actor1, e.assocActor1, "\(e.inter1)", e.actor2, "", e.inter2 == 0 ? "" : "\(e.inter2)",
                "\(interaction)", e.eventType == "Violence against civilians" ? "Civilian targeting" : "", "180",
                "Middle Africa", "Democratic Republic of Congo", admin1, admin2, admin3, e.location,
                fourDecimals(e.point.y), fourDecimals(e.point.x), "\(e.geoPrecision)", source,
                source.contains(";") ? "National-International" : (source == "Human Rights Watch" ? "International" : "National"),
                e.note, "\(e.fatalities)", e.eventType == "Protests" ? "crowd size=no report" : "",
                "\(1_609_459_200 + id)",
            ])
        }
        try csv.write(to: folder + "/acled_kasai.csv")
    }
}
