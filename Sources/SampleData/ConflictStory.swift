/// The conflict story of BRIEF §4 as expected events per month and territoire: calm before
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
}
