import Domain

/// The conflict story of the strategy (section I.a) as expected events per month and territoire,
/// and where in the territoire they fall (`hotspots`): calm before
/// August 2016; Kamwina Nsapu from August 2016 around Dibaya, then Kananga and the rest of
/// Kasaï-Central; spill-over into Kasaï-Oriental from October 2016; spread to Kamonia, Tshikapa
/// and Luebo in 2017 (Bana Mura, then Ecurie Mbembe); decline through 2018–2019; and the
/// August–September 2020 inter-community clashes in Demba, Mweka and Katanda.
enum ConflictStory {
    enum Phase { case calm, kamwinaNsapu, banaMura, ecurieMbembe, communal2020 }

    /// Expected events in `pcode` during month `month` (1–12) of `year`.
    static func intensity(_ pcode: String, year: Int, month: Int) -> Double {
        let m = year * 12 + month
        func between(_ y1: Int, _ m1: Int, _ y2: Int, _ m2: Int) -> Bool { m >= y1 * 12 + m1 && m <= y2 * 12 + m2 }
        let background: Double = ["CD9101", "CD9201", "CD8201"].contains(pcode) ? 0.7 : 0.12
        var rate = background
        if year == 2020 && (month == 8 || month == 9) {
            switch pcode {
            case "CD9106": rate += 11
            case "CD9207": rate += 9
            case "CD8209": rate += 8
            default: break
            }
        }
        switch pcode {
        case "CD9102":  // Dibaya: the epicentre
            if between(2016, 8, 2016, 8) { rate += 7 }
            else if between(2016, 9, 2016, 12) { rate += 11 }
            else if between(2017, 1, 2017, 6) { rate += 14 }
            else if between(2017, 7, 2017, 12) { rate += 5 }
            else if year == 2018 { rate += 1.5 }
            else if year == 2019 { rate += 0.5 }
        case "CD9101", "CD9103":
            if between(2016, 9, 2017, 6) { rate += pcode == "CD9101" ? 6 : 3 }
            else if between(2017, 7, 2017, 12) { rate += 1.5 }
            else if year == 2018 { rate += 0.6 }
        case "CD9104", "CD9105", "CD9106", "CD9107":
            if between(2016, 12, 2017, 2) { rate += 3 }
            else if between(2017, 3, 2017, 8) { rate += pcode == "CD9104" ? 7 : 5 }
            else if between(2017, 9, 2017, 12) { rate += 2 }
            else if year == 2018 { rate += 0.8 }
        case "CD8201", "CD8202", "CD8205", "CD8207", "CD8208", "CD8209", "CD8204":
            if between(2016, 10, 2017, 4) {
                rate += ["CD8201": 3.0, "CD8202": 2.0, "CD8205": 2.2, "CD8207": 1.8, "CD8208": 1.5][pcode] ?? 0.4
            }
        case "CD9202", "CD9201", "CD9204":
            if between(2017, 2, 2017, 12) { rate += pcode == "CD9202" ? 9 : (pcode == "CD9201" ? 6 : 5) }
            else if year == 2018 { rate += pcode == "CD9202" ? 2.5 : 1.8 }
            else if year == 2019 { rate += 1.0 }
            else if year == 2020 { rate += 0.3 }
        case "CD9205", "CD9207":
            if between(2017, 3, 2017, 12) { rate += pcode == "CD9207" ? 1.5 : 1.0 }
        default: break
        }
        return rate
    }

    static func phase(_ pcode: String, year: Int, month: Int) -> Phase {
        let m = year * 12 + month
        if year == 2020 && (month == 8 || month == 9) && ["CD9106", "CD9207", "CD8209"].contains(pcode) { return .communal2020 }
        if pcode == "CD9202" && m >= 2017 * 12 + 4 && m <= 2017 * 12 + 8 { return .banaMura }
        if ["CD9201", "CD9202", "CD9204"].contains(pcode) && m >= 2017 * 12 + 9 && year <= 2019 { return .ecurieMbembe }
        if m >= 2016 * 12 + 8 && m <= 2018 * 12 + 6 { return .kamwinaNsapu }
        return .calm
    }

    /// A place the events of a period crowd around: weight × exp(−d²/2σ²), d in km.
    struct Hotspot { let centre: Coordinate; let sigmaKm: Double; let weight: Double }

    enum Era: String { case calm, crisis, clashes2020 }

    static func era(_ phase: Phase) -> Era {
        switch phase {
        case .calm: return .calm
        case .communal2020: return .clashes2020
        case .kamwinaNsapu, .banaMura, .ecurieMbembe: return .crisis
        }
    }

    /// Where a territoire's events of an era fall (none: spread over the territoire, as in the
    /// villes). Centres may lie outside the territoire: its side facing the fighting next door
    /// gets more (Kazumba and Demba towards Kananga, Luiza towards Dibaya, Dimbelenge towards
    /// Kananga), so hotspots run across territoire borders as the crisis did.
    static func hotspots(_ pcode: String, era: Era, seat: Coordinate) -> [Hotspot] {
        func h(_ x: Double, _ y: Double, _ s: Double, _ w: Double) -> Hotspot { Hotspot(centre: Coordinate(x, y), sigmaKm: s, weight: w) }
        switch era {
        case .calm:
            return ["CD9101", "CD9201", "CD8201", "CD9103", "CD8204"].contains(pcode) ? [] : [Hotspot(centre: seat, sigmaKm: 15, weight: 1)]
        case .clashes2020:
            switch pcode {
            case "CD9106": return [h(22.05, -5.30, 18, 1)]          // Demba, towards the Mweka border
            case "CD9207": return [h(21.78, -5.02, 18, 1)]          // Mweka, towards the Demba border
            case "CD8209": return [h(23.88, -5.87, 10, 1)]          // Katanda
            default: return [Hotspot(centre: seat, sigmaKm: 15, weight: 1)]
            }
        case .crisis:
            switch pcode {
            case "CD9102": return [h(22.78, -6.27, 16, 3), h(22.933, -6.50, 22, 1.5)]   // Dibatayi (Kamwina Nsapu), Dibaya
            case "CD9104": return [h(22.75, -6.80, 28, 2), h(22.417, -7.20, 18, 1)]     // north Luiza, towards Dibaya; Luiza
            case "CD9105": return [h(22.30, -6.15, 24, 2), h(22.033, -6.417, 18, 1)]    // east Kazumba, towards Kananga
            case "CD9106": return [h(22.35, -5.75, 22, 2), h(22.267, -5.508, 18, 1)]    // south Demba, towards Kananga
            case "CD9107": return [h(22.80, -5.70, 24, 2)]                              // west Dimbelenge, towards Kananga
            case "CD9202": return [h(20.88, -6.62, 20, 2), h(20.939, -6.879, 24, 2), h(20.63, -7.25, 18, 1)]  // Tshikapa side, Kamonia, Kamako
            case "CD9204": return [h(21.417, -5.35, 22, 2), h(21.20, -5.70, 18, 1)]     // Luebo, the road to Tshikapa
            case "CD9205": return [h(20.90, -4.50, 30, 1)]                              // Ilebo, towards Mweka
            case "CD9207": return [h(21.60, -4.95, 28, 1)]                              // Mweka
            case "CD8205": return [h(23.28, -6.25, 12, 1)]                              // Miabi, the Dibaya side
            case "CD8207": return [h(23.12, -5.95, 12, 1)]                              // Kabeya-Kamwanga, the Kasaï-Central side
            case "CD8202", "CD8208", "CD8209": return [Hotspot(centre: seat, sigmaKm: 10, weight: 1)]
            case "CD9208": return [Hotspot(centre: seat, sigmaKm: 20, weight: 1)]
            default: return []
            }
        }
    }
}
