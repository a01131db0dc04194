import Foundation
import Domain
import ShapefileIO

/// Writes the boundary shapefiles in the OCHA COD-AB attribute template (French names, p-codes,
/// `validOn`/`validTo`, and `Shape_Leng`/`Shape_Area` in DEGREES as the real files carry them:
/// never to be used as km).
enum BoundaryFiles {
    static let country = "République démocratique du Congo"
    /// COD-AB source date for DRC (RGC): the boundaries are valid from 2019-09-11.
    static let validOn = ISODate(year: 2019, month: 9, day: 11)

    static func write(_ b: SampleBoundaries, to folder: String) throws {
        try writeProvinces(b, folder)
        try writeTerritoires(b, folder)
        try writeUnits(b, folder)
        try writeZones(b, folder)
    }

    private static func text(_ s: String) -> Value { .text(s) }
    private static func int(_ n: Int) -> Value { .number(Double(n)) }
    private static func km2(_ a: Double) -> Value { .number((a * 100).rounded() / 100) }
    private static var valid: Value { validOn.map { .date($0) } ?? .null }

    /// Perimeter and area in degrees (planar), as ArcGIS computes Shape_Leng/Shape_Area.
    static func degreeMeasures(_ polygons: [Polygon]) -> (length: Double, area: Double) {
        var length = 0.0, area = 0.0
        for p in polygons {
            for (k, ring) in ([p.exterior] + p.holes).enumerated() {
                var a = 0.0
                for i in 0..<(ring.count - 1) {
                    let u = ring[i], v = ring[i + 1]
                    length += ((v.x - u.x) * (v.x - u.x) + (v.y - u.y) * (v.y - u.y)).squareRoot()
                    a += u.x * v.y - v.x * u.y
                }
                area += (k == 0 ? 1 : -1) * abs(a) / 2
            }
        }
        return (roundedTo(length, 6), roundedTo(area, 8))
    }

    static func roundedTo(_ d: Double, _ digits: Int) -> Double {
        let f = pow(10.0, Double(digits))
        return (d * f).rounded() / f
    }

    private static let adminFields: [FieldSchema] = [
        FieldSchema(name: "ADM0_FR", type: .text), FieldSchema(name: "ADM0_PCODE", type: .text),
        FieldSchema(name: "ADM1_FR", type: .text), FieldSchema(name: "ADM1_PCODE", type: .text),
    ]
    private static let tailFields: [FieldSchema] = [
        FieldSchema(name: "POP_2017", type: .integer), FieldSchema(name: "AREA_KM2", type: .real, width: 12, decimals: 2),
        FieldSchema(name: "Shape_Leng", type: .real, width: 14, decimals: 6), FieldSchema(name: "Shape_Area", type: .real, width: 14, decimals: 8),
        FieldSchema(name: "date", type: .date), FieldSchema(name: "validOn", type: .date), FieldSchema(name: "validTo", type: .date),
    ]

    private static func writeProvinces(_ b: SampleBoundaries, _ folder: String) throws {
        var rows: [[Value]] = []
        for (i, p) in KasaiGeography.provinces.enumerated() {
            let m = degreeMeasures(b.provinces[i].polygons)
            let population = b.units.filter { $0.province == i }.reduce(0) { $0 + $1.population }
            rows.append([text(country), text("CD"), text(p.name), text(p.pcode), text(p.pcode), text(p.plainName),
                         int(population), km2(b.provinces[i].areaKm2), .number(m.length), .number(m.area), valid, valid, .null])
        }
        let fields = adminFields + [FieldSchema(name: "ADM1_REF", type: .text), FieldSchema(name: "ADM1ALT1FR", type: .text)] + tailFields
        try ShapefileWriter.write(path: folder + "/provinces.shp", kind: .polygon,
                                  shapes: b.provinces.map { .polygons($0.polygons) }, fields: fields, rows: rows)
    }

    private static func writeTerritoires(_ b: SampleBoundaries, _ folder: String) throws {
        var rows: [[Value]] = []
        for (i, t) in KasaiGeography.territoires.enumerated() {
            let p = KasaiGeography.provinces.first { $0.pcode == t.province }
            let m = degreeMeasures(b.territoires[i].polygons)
            let population = b.units.filter { $0.territoire == i }.reduce(0) { $0 + $1.population }
            rows.append([text(country), text("CD"), text(p?.name ?? ""), text(t.province), text(t.name), text(t.pcode),
                         text(t.name), text(t.altName), text(t.isVille ? "ville" : "territoire"),
                         int(population), km2(b.territoires[i].areaKm2), .number(m.length), .number(m.area), valid, valid, .null])
        }
        let fields = adminFields + [FieldSchema(name: "ADM2_FR", type: .text), FieldSchema(name: "ADM2_PCODE", type: .text),
                                    FieldSchema(name: "ADM2_REF", type: .text), FieldSchema(name: "ADM2ALT1FR", type: .text),
                                    FieldSchema(name: "TYPE", type: .text)] + tailFields
        try ShapefileWriter.write(path: folder + "/territoires.shp", kind: .polygon,
                                  shapes: b.territoires.map { .polygons($0.polygons) }, fields: fields, rows: rows)
    }

    private static func writeUnits(_ b: SampleBoundaries, _ folder: String) throws {
        let fields = adminFields + [
            FieldSchema(name: "ADM2_FR", type: .text), FieldSchema(name: "ADM2_PCODE", type: .text),
            FieldSchema(name: "GRP_FR", type: .text), FieldSchema(name: "GRP_PCODE", type: .text),
            FieldSchema(name: "TYPE", type: .text), FieldSchema(name: "POP_2017", type: .integer),
            FieldSchema(name: "AREA_KM2", type: .real, width: 12, decimals: 2),
            FieldSchema(name: "validOn", type: .date), FieldSchema(name: "validTo", type: .date),
        ]
        let rows: [[Value]] = b.units.map { u in
            let t = KasaiGeography.territoires[u.territoire], p = KasaiGeography.provinces[u.province]
            return [text(country), text("CD"), text(p.name), text(p.pcode), text(t.name), text(t.pcode),
                    text(u.name), text(u.pcode), text(u.isCommune ? "commune" : "groupement"), int(u.population),
                    km2(u.areaKm2), valid, .null]
        }
        try ShapefileWriter.write(path: folder + "/groupements.shp", kind: .polygon,
                                  shapes: b.units.map { .polygons($0.polygons) }, fields: fields, rows: rows)
    }

    private static func writeZones(_ b: SampleBoundaries, _ folder: String) throws {
        let fields = [FieldSchema(name: "ZS_PCODE", type: .text), FieldSchema(name: "ZS_FR", type: .text),
                      FieldSchema(name: "ADM1_FR", type: .text), FieldSchema(name: "ADM1_PCODE", type: .text),
                      FieldSchema(name: "AREA_KM2", type: .real, width: 12, decimals: 2)]
        let rows: [[Value]] = b.zones.indices.map { z in
            let p = KasaiGeography.provinces[b.layout.zoneProvince[z]]
            return [text(HealthZones.pcode(z, b)), text(HealthZones.name(z, b)), text(p.name), text(p.pcode), km2(b.zones[z].areaKm2)]
        }
        try ShapefileWriter.write(path: folder + "/zones_sante.shp", kind: .polygon,
                                  shapes: b.zones.map { .polygons($0.polygons) }, fields: fields, rows: rows)
    }
}

/// Health zones (zones de santé): synthetic polygons that cut across groupements. Named after
/// the unit holding the zone's seed (invented names, like the units), coded province p-code +
/// "ZS" + 2 digits.
enum HealthZones {
    static func pcode(_ z: Int, _ b: SampleBoundaries) -> String {
        let pi = b.layout.zoneProvince[z]
        let first = b.layout.zoneProvince.firstIndex(of: pi) ?? 0
        return KasaiGeography.provinces[pi].pcode + "ZS" + String(format: "%02d", z - first + 1)
    }

    static func name(_ z: Int, _ b: SampleBoundaries) -> String {
        let u = Int(b.layout.unit[b.layout.zoneSeed[z]])
        return u >= 0 ? b.units[u].name : "Zone \(z + 1)"
    }
}
