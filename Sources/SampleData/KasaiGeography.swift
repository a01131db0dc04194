import Domain

/// A province of the sample: real p-code and names, the strategy's figures, and a hand-drawn
/// approximate outline (the mesh cells whose warped centre falls inside it become the province).
struct ProvinceSpec: Sendable {
    let pcode: String
    let name: String          // French, as COD-AB prints it
    let plainName: String     // as ACLED writes it (no diaeresis)
    let dtmName: String       // as DTM writes it
    let areaKm2: Double       // strategy, section I.a
    let population: Int       // strategy, section I.a (2017)
    /// Approximate outline, lon/lat. Outlines overlap on purpose: a point in several goes to
    /// the province listed first in `KasaiGeography.provinces` (smallest first), so shared
    /// borders are drawn once.
    let outline: [Coordinate]
}

/// A territoire or ville: real p-code and name (OCHA COD-AB, adm2), seat at its real position, and the
/// area and unit counts the generator aims at.
struct TerritoireSpec: Sendable {
    let pcode: String
    let name: String
    let altName: String       // another spelling seen in the sources (ADM2ALT1FR)
    let province: String
    let isVille: Bool
    /// The seat (chef-lieu), lon/lat. See the table's comment for sources.
    let seat: Coordinate
    let areaKm2: Double
    /// Groupements (territoire) or communes (ville).
    let units: Int
    /// Fixed population for villes; for territoires, a relative rural density.
    let population: Int?
    let density: Double
    /// Commune names for villes, in order.
    let communes: [String]
}

enum KasaiGeography {
    /// Smallest first: the priority order for overlapping outlines. Areas and populations are
    /// the strategy's (section I.a); outlines were drawn and tuned so that the mesh areas fall
    /// within about 1% of them (Kasaï lon 19.5–22.1, lat −7.95 to −3.1, on the Angolan border in
    /// the south-west; Kasaï-Central east of it down to −8.15 on the Angolan border; Kasaï-Oriental
    /// around Mbuji-Mayi).
    static let provinces: [ProvinceSpec] = [
        ProvinceSpec(pcode: "CD82", name: "Kasaï-Oriental", plainName: "Kasai-Oriental", dtmName: "Kasai Oriental",
                     areaKm2: 9_545, population: 5_475_398,
                     outline: [(23.041, -5.812), (23.262, -5.717), (23.427, -5.755), (23.599, -5.639), (23.792, -5.678), (24.004, -5.755), (24.119, -5.927), (24.032, -6.102), (24.081, -6.294), (23.907, -6.409), (23.85, -6.582), (23.658, -6.563), (23.503, -6.487), (23.311, -6.468), (23.176, -6.333), (23.08, -6.159), (23.003, -6.005)].map { Coordinate($0.0, $0.1) }),
        ProvinceSpec(pcode: "CD91", name: "Kasaï-Central", plainName: "Kasai-Central", dtmName: "Kasai Central",
                     areaKm2: 59_500, population: 3_524_000,
                     outline: [(21.75, -4.85), (22.4, -4.9), (23.2, -4.93), (23.9, -5.12), (24.0, -5.6), (23.6, -5.9),
                               (23.3, -6.2), (23.35, -6.55), (23.2, -6.9), (23.05, -7.4), (22.9, -7.9), (22.52, -8.16),
                               (22.0, -8.0), (21.8, -7.6), (21.6, -7.1), (21.55, -6.5), (21.7, -5.9), (21.8, -5.4)].map { Coordinate($0.0, $0.1) }),
        ProvinceSpec(pcode: "CD92", name: "Kasaï", plainName: "Kasai", dtmName: "Kasai",
                     areaKm2: 95_631, population: 2_978_000,
                     outline: [(20.185, -3.35), (20.9, -3.1), (21.7, -3.25), (22.1, -3.8), (22.05, -4.5), (21.75, -4.85), (22.05, -5.5), (21.95, -6.5), (21.8, -7.6), (21.55, -7.95), (21.1, -7.45), (20.6, -7.35), (20.185, -7.25), (19.685, -7.05), (19.585, -6.5), (19.835, -5.8), (20.085, -5.1), (20.335, -4.5), (20.285, -3.9)].map { Coordinate($0.0, $0.1) }),
    ]

    /// Seats (lon, lat). Sources: Wikipedia/GeoNames-style gazetteer positions for Tshikapa
    /// 6°25′S 20°48′E, Ilebo 4°19′S 20°35′E, Mweka 4°51′S 21°34′E, Luebo 5°21′S 21°25′E,
    /// Dekese 3°27′S 21°23′E, Kananga 5°54′S 22°25′E, Luiza 7°12′S 22°25′E (fr.wikipedia),
    /// Dibaya 6°30′S 22°56′E (en.wikipedia), Tshimbulu 6°29′S 22°51′E, Demba 5°30′S 22°16′E,
    /// Mbuji-Mayi 6°08′S 23°35′E, Miabi 6°12′S 23°23′E (fr.wikipedia), Lupatapata 6°10′39″S
    /// 23°32′E (fr.wikipedia; the territory's listed position); Kamonia 6°52′44″S 20°56′E
    /// (territorial monograph). Approximate, not verified against a gazetteer: Kazumba
    /// (6°25′S 22°02′E), Dimbelenge/Bena Tshiadi (5°32′S 23°03′E), Kabeya-Kamwanga/Keena
    /// Nkuna (5°55′S 23°12′E), Tshilenge (6°15′S 23°47′E), Katanda (5°52′S 23°53′E), and
    /// Lukalaba (6°25′S 23°43′E: position unknown to us, placed near Mbuji-Mayi).
    ///
    /// Areas: Dibaya 7,600 and Luiza 14,700 (CAID/Wikipedia), Miabi 1,750; the rest are set so
    /// that each province adds up to the strategy's area. Groupement counts add up to the
    /// strategy's 385 (Kasaï) and 358 (Kasaï-Central); Kabeya-Kamwanga's 38 is CAID's figure;
    /// Kasaï-Oriental's total of 150 is OUR ASSUMPTION (no public figure). Communes: Kasaï 11
    /// (all in Tshikapa), Kasaï-Central 12 (Kananga 8, Tshimbulu 4), Mbuji-Mayi 5, and
    /// Lukalaba as a single commune (assumption). Names marked † are synthetic.
    static let territoires: [TerritoireSpec] = [
        // Kasaï (CD92)
        ville("CD9201", "Tshikapa", "Tshikapa-Ville", "CD92", (20.800, -6.417), 231, population: 620_000,
              communes: ["Dibumba I", "Dibumba II", "Kanzala", "Mabondo", "Mbumba", "Kalonda†", "Kamuesha†",
                         "Lungudi†", "Kasadisadi†", "Tshimbinda†", "Mabondo-Sud†"]),
        territoire("CD9202", "Kamonia", "Tshikapa (ancien)", "CD92", (20.939, -6.879), 29_500, units: 125, density: 1.15),
        territoire("CD9204", "Luebo", "Lwebo", "CD92", (21.417, -5.350), 11_300, units: 56, density: 1.2),
        territoire("CD9205", "Ilebo", "Port-Francqui", "CD92", (20.583, -4.317), 16_300, units: 66, density: 0.8),
        territoire("CD9207", "Mweka", "Mueka", "CD92", (21.567, -4.850), 20_800, units: 80, density: 0.8),
        territoire("CD9208", "Dekese", "Dekese", "CD92", (21.383, -3.457), 17_500, units: 58, density: 0.4),
        // Kasaï-Central (CD91)
        ville("CD9101", "Kananga", "Luluabourg", "CD91", (22.417, -5.896), 380, population: 1_250_000,
              communes: ["Kananga", "Katoka", "Lukonga", "Ndesha", "Nganza", "Tshikaji†", "Malandji†", "Kamilabi†"]),
        territoire("CD9102", "Dibaya", "Dibaya-Lubwe", "CD91", (22.933, -6.500), 7_600, units: 70, density: 2.2),
        ville("CD9103", "Tshimbulu", "Tshimbulu-Ville", "CD91", (22.850, -6.483), 120, population: 120_000,
              communes: ["Tshimbulu†", "Mfuamba†", "Bena Kamba†", "Ntambue†"]),
        territoire("CD9104", "Luiza", "Luisa", "CD91", (22.417, -7.200), 14_700, units: 80, density: 0.9),
        territoire("CD9105", "Kazumba", "Kasumba", "CD91", (22.033, -6.417), 12_000, units: 78, density: 1.3),
        territoire("CD9106", "Demba", "Demba-Ville", "CD91", (22.267, -5.508), 12_200, units: 66, density: 1.1),
        territoire("CD9107", "Dimbelenge", "Bena Tshiadi", "CD91", (23.050, -5.533), 12_500, units: 64, density: 0.6),
        // Kasaï-Oriental (CD82)
        ville("CD8201", "Mbuji-Mayi", "Mbujimayi", "CD82", (23.589, -6.136), 135, population: 3_500_000,
              communes: ["Bipemba", "Dibindi", "Diulu", "Kanshi", "Muya"]),
        territoire("CD8202", "Tshilenge", "Cilenge", "CD82", (23.780, -6.250), 1_700, units: 30, density: 1.2),
        ville("CD8204", "Lukalaba", "Lukalaba-Ville", "CD82", (23.720, -6.420), 60, population: 60_000,
              communes: ["Lukalaba†"]),
        territoire("CD8205", "Miabi", "Miabi-Cité", "CD82", (23.383, -6.200), 1_750, units: 27, density: 1.6),
        territoire("CD8207", "Kabeya-Kamwanga", "Kabeya Kamuanga", "CD82", (23.200, -5.920), 2_600, units: 38, density: 0.8),
        territoire("CD8208", "Lupatapata", "Luhatahata", "CD82", (23.533, -6.178), 1_700, units: 29, density: 1.6),
        territoire("CD8209", "Katanda", "Katanda-Cité", "CD82", (23.880, -5.870), 1_600, units: 26, density: 0.9),
    ]

    /// Localities the story needs at fixed places (approximate positions).
    static let kamako = Coordinate(20.63, -7.25)          // border post, Kamonia
    static let dibatayi = Coordinate(22.78, -6.27)        // Kamwina Nsapu's seat, Dibaya (≈80 km from Kananga)

    static func territoires(in province: String) -> [TerritoireSpec] { territoires.filter { $0.province == province } }

    private static func territoire(_ pcode: String, _ name: String, _ alt: String, _ province: String,
                                   _ seat: (Double, Double), _ area: Double, units: Int, density: Double) -> TerritoireSpec {
        TerritoireSpec(pcode: pcode, name: name, altName: alt, province: province, isVille: false,
                       seat: Coordinate(seat.0, seat.1), areaKm2: area, units: units, population: nil,
                       density: density, communes: [])
    }

    private static func ville(_ pcode: String, _ name: String, _ alt: String, _ province: String,
                              _ seat: (Double, Double), _ area: Double, population: Int, communes: [String]) -> TerritoireSpec {
        TerritoireSpec(pcode: pcode, name: name, altName: alt, province: province, isVille: true,
                       seat: Coordinate(seat.0, seat.1), areaKm2: area, units: communes.count, population: population,
                       density: 0, communes: communes.map { $0.replacingOccurrences(of: "†", with: "") })
    }
}
