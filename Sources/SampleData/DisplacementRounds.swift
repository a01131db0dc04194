import Foundation
import Domain
import Outputs

/// One DTM row: a unit assessed in a round.
struct DisplacementRow {
    let unit: Int
    let round: Int
    var idps: Int
    var returnees: Int
    var expelled: Int = 0
    var entryPoint: String = ""
    var newIdps: Int = 0
}

/// `dtm_kasai.csv`, HDX style (header, then an HXL hashtag row), one row per groupement or
/// commune and round (every unit is assessed in every round; far from the fighting the counts
/// are 0). Calibrated on the strategy: about 1.4 million displaced at the 2017
/// peak; 516,400 returnees in the 2019 round ("more than 516,000"); in the 2020 round the
/// 43,500 who fled the August–September clashes in Demba, Mweka and Katanda, and the 23,688
/// expelled from Angola (January–October 2020), 90% of them through Kamako (Kamonia).
enum DisplacementRounds {
    struct Round { let number: Int; let date: String; let idps: Int; let returnees: Int }
    static let rounds = [Round(number: 1, date: "2017-08-31", idps: 1_402_000, returnees: 118_000),
                         Round(number: 2, date: "2018-06-30", idps: 655_000, returnees: 391_000),
                         Round(number: 3, date: "2019-09-30", idps: 248_000, returnees: 516_400),
                         Round(number: 4, date: "2020-10-31", idps: 176_000, returnees: 547_000)]
    static let fled2020 = 43_500
    static let expelled2020 = 23_688
    static let expelledViaKamako = 21_319   // 90.0% of 23,688

    static let header = ["Province", "Code province", "Territoire", "Code territoire", "Groupement", "Code groupement",
                         "Déplacés (individus)", "Déplacés (ménages)", "Retournés (individus)", "Retournés (ménages)",
                         "Expulsés d'Angola (individus)", "Point d'entrée", "Nouveaux déplacés 2020 (individus)",
                         "Date", "Round"]
    static let hxl = ["#adm1+name", "#adm1+pcode", "#adm2+name", "#adm2+pcode", "#adm3+name", "#adm3+pcode",
                      "#affected+idps+ind", "#affected+idps+hh", "#affected+returnees+ind", "#affected+returnees+hh",
                      "#affected+expelled+ind", "#loc+crossing+name", "#affected+idps+ind+new", "#date+reported", "#meta+round"]

    /// Displacement follows the events with a lag, and returns follow the calm. For a round
    /// dated D: IDPs are hosted near the fighting of the 18 months before D − 1 month (within
    /// about 40 km: neighbouring groupements, the same roads) and in the three cities; returnees
    /// go back where fighting was 10 to 48 months before D, less where it went on in the last
    /// 6 months. Exposure is a sum over events with a distance kernel, so displacement is
    /// spatially coherent like the events.
    static func make(_ b: SampleBoundaries, events: [ConflictEvent]) -> [DisplacementRow] {
        let mesh = b.layout.mesh
        let centres = b.units.map { u -> Coordinate in
            let ps = u.cells.map(mesh.centre)
            return Coordinate(ps.reduce(0) { $0 + $1.x } / Double(ps.count), ps.reduce(0) { $0 + $1.y } / Double(ps.count))
        }
        func exposure(from: ISODate, to: ISODate, km scale: Double) -> [Double] {
            var x = [Double](repeating: 0, count: b.units.count)
            for e in events where e.unit != nil && e.date >= from && e.date <= to {
                for u in b.units.indices {
                    let d = Roads.km(centres[u], e.point)
                    if d < 5 * scale { x[u] += exp(-d / scale) }
                }
            }
            return x
        }
        func months(_ d: ISODate, _ k: Int) -> ISODate {
            let c = d.components, m = c.year * 12 + (c.month - 1) + k
            return ISODate(year: m / 12, month: m % 12 + 1, day: 1) ?? d
        }
        /// Weights below 2% of the largest are 0: far from any fighting nobody is counted.
        func trimmed(_ w: [Double]) -> [Double] {
            let top = w.max() ?? 0
            return w.map { $0 < 0.02 * top ? 0 : $0 }
        }
        var rows: [DisplacementRow] = []
        for round in rounds {
            guard let date = ISODate(iso: round.date) else { continue }
            let hosting = exposure(from: months(date, -19), to: months(date, -1), km: 40)
            let origin = exposure(from: months(date, -48), to: months(date, -10), km: 20)
            let ongoing = exposure(from: months(date, -6), to: date, km: 20)
            let hostWeights = trimmed(b.units.indices.map { u -> Double in
                let city = b.units[u].isCommune && ["CD9101", "CD9201", "CD8201"].contains(b.territoireSpec(u).pcode) ? 3.0 : 1.0
                return city * hosting[u] * Double(b.units[u].population).squareRoot()
            })
            var back = b.units.indices.map { u in max(0, origin[u] - 1.5 * ongoing[u]) * Double(b.units[u].population).squareRoot() }
            if back.allSatisfy({ $0 == 0 }) { back = b.units.indices.map { origin[$0] * Double(b.units[$0].population).squareRoot() } }
            let returnWeights = trimmed(back)
            var idpTotal = round.idps
            var newIdps = [Int](repeating: 0, count: b.units.count)
            if round.number == 4 {
                // The 2020 clashes: new IDPs where the August–September 2020 events were.
                var w = [Double](repeating: 0, count: b.units.count)
                for e in events where e.date.components.year == 2020 && [8, 9].contains(e.date.components.month) {
                    if let u = e.unit, ["CD9106", "CD9207", "CD8209"].contains(b.territoireSpec(u).pcode) { w[u] += 1 }
                }
                newIdps = apportion(fled2020, weights: w)
                idpTotal -= fled2020
            }
            let idps = apportion(idpTotal, weights: hostWeights)
            let returnees = apportion(round.returnees, weights: returnWeights)
            for u in b.units.indices {
                let i = idps[u] + newIdps[u]
                rows.append(DisplacementRow(unit: u, round: round.number, idps: i, returnees: returnees[u], newIdps: newIdps[u]))
            }
        }
        addExpellees(&rows, b)
        return rows
    }

    /// Expellees from Angola in 2020, counted where they crossed: Kamako, and three other
    /// crossing points on the border (the southernmost units of Kamonia and Luiza).
    private static func addExpellees(_ rows: inout [DisplacementRow], _ b: SampleBoundaries) {
        func southernmost(_ pcode: String, excluding: Set<Int>) -> Int? {
            b.units(inTerritoire: pcode).filter { !excluding.contains($0) }.min { a, c in
                let pa = b.layout.mesh.centre(b.units[a].cells[0]).y, pc = b.layout.mesh.centre(b.units[c].cells[0]).y
                return pa != pc ? pa < pc : a < c
            }
        }
        let kamako = b.layout.kamakoUnit
        var crossings: [(Int, String, Int)] = [(kamako, "Kamako", expelledViaKamako)]
        let others = apportion(expelled2020 - expelledViaKamako, weights: [0.47, 0.31, 0.22])
        if let a = southernmost("CD9202", excluding: [kamako]) {
            crossings.append((a, "Kandjaji", others[0]))
            if let c = southernmost("CD9202", excluding: [kamako, a]) { crossings.append((c, "Tshisenge", others[1])) }
        }
        if let l = southernmost("CD9104", excluding: []) { crossings.append((l, "Kalamba-Mbuji", others[2])) }
        for (u, name, n) in crossings {
            if let i = rows.firstIndex(where: { $0.unit == u && $0.round == 4 }) {
                rows[i].expelled = n; rows[i].entryPoint = name
            } else {
                rows.append(DisplacementRow(unit: u, round: 4, idps: 0, returnees: 0, expelled: n, entryPoint: name))
            }
        }
    }

    /// Unit names as a DTM enumerator might write them: accents dropped, hyphens as spaces, a
    /// letter swapped. Some such rows also lack the groupement p-code, so the join must match
    /// by name within the territoire.
    static func variant(_ name: String, _ kind: Int) -> String {
        switch kind % 3 {
        case 0: let v = withoutAccents(name); return v != name ? v : name.uppercased()
        case 1: let v = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: " ", with: "-")
                return v != name ? v : name.lowercased()
        default:
            var chars = Array(name)
            if chars.count > 4 { chars.swapAt(chars.count - 2, chars.count - 3) }
            let v = String(chars)
            return v != name ? v : name + "e"
        }
    }

    static func write(_ rows: [DisplacementRow], _ b: SampleBoundaries, to folder: String) throws {
        var rng = SampleRandom(stream: "dtm-write")
        var csv = CSVWriter(header: header)
        csv.appendHXLRow(hxl)
        let sorted = rows.sorted { ($0.round, b.units[$0.unit].pcode) < ($1.round, b.units[$1.unit].pcode) }
        var altered = 0
        for r in sorted {
            let u = b.units[r.unit], t = b.territoireSpec(r.unit), p = b.provinceSpec(r.unit)
            var name = u.name, pcode = u.pcode
            // Rounds 3 and 4: about 1 row in 40 carries a variant name, half of them with no p-code;
            // the duplicated "Bena Mukenge" of Kazumba always comes by name only.
            if r.round >= 3 && (rng.chance(0.025) || (u.name == "Bena Mukenge" && t.pcode == "CD9105")) {
                if u.name != "Bena Mukenge" { name = variant(u.name, altered) }
                if altered % 2 == 0 || u.name == "Bena Mukenge" { pcode = "" }
                altered += 1
            }
            let hhSize = rng.uniform(5.2, 6.4)
            csv.appendRow([p.dtmName, p.pcode, t.name, t.pcode, name, pcode, "\(r.idps)",
                           "\(Int((Double(r.idps) / hhSize).rounded()))", "\(r.returnees)",
                           "\(Int((Double(r.returnees) / hhSize).rounded()))", "\(r.expelled)", r.entryPoint, "\(r.newIdps)",
                           rounds[r.round - 1].date, "\(r.round)"])
        }
        try csv.write(to: folder + "/dtm_kasai.csv")
    }

    /// `dtm_zones_sante.csv`: the same rounds 3 and 4 by health zone, for the crosswalk. Each
    /// unit's figures are spread evenly over its cells and summed per zone, so zone totals equal
    /// the groupement totals of the round exactly.
    static func writeZones(_ rows: [DisplacementRow], _ b: SampleBoundaries, to folder: String) throws {
        var csv = CSVWriter(header: ["Province", "Code province", "Zone de santé", "ZS_PCODE", "Déplacés (individus)",
                                     "Retournés (individus)", "Date", "Round"])
        csv.appendHXLRow(["#adm1+name", "#adm1+pcode", "#loc+name+zs", "#loc+pcode+zs", "#affected+idps+ind",
                          "#affected+returnees+ind", "#date+reported", "#meta+round"])
        let zoneCount = b.zones.count
        for round in [3, 4] {
            var idp = [Double](repeating: 0, count: zoneCount), ret = [Double](repeating: 0, count: zoneCount)
            var idpTotal = 0, retTotal = 0
            for r in rows where r.round == round {
                let cells = b.units[r.unit].cells
                for c in cells {
                    let z = Int(b.layout.zone[c])
                    guard z >= 0 else { continue }
                    idp[z] += Double(r.idps) / Double(cells.count)
                    ret[z] += Double(r.returnees) / Double(cells.count)
                }
                idpTotal += r.idps; retTotal += r.returnees
            }
            let idps = apportion(idpTotal, weights: idp), rets = apportion(retTotal, weights: ret)
            for z in 0..<zoneCount {   // every zone, zeros included, as every unit is
                let p = KasaiGeography.provinces[b.layout.zoneProvince[z]]
                csv.appendRow([p.dtmName, p.pcode, HealthZones.name(z, b), HealthZones.pcode(z, b), "\(idps[z])", "\(rets[z])",
                               rounds[round - 1].date, "\(round)"])
            }
        }
        try csv.write(to: folder + "/dtm_zones_sante.csv")
    }
}
