import Domain

/// The attributes of a .dbf: its table checked, its text code page chosen (`.cpg`, language
/// driver id, or guessed) and its field names decoded, then each record's values typed. Shared by
/// a shapefile's read and a .dbf read alone as a table.
struct DBFAttributes {
    private(set) var dbf: DBFTable
    let choice: EncodingChoice
    let fields: [FieldSchema]

    init(path: String, cpg: String?, stated: CodePage? = nil, limits: ShapefileLimits, notes: inout ReadNotes) throws {
        var dbf = try DBFTable(path: path, limits: limits)
        dbf.warnings.forEach { notes.file(.dbfStructure, $0) }
        let table = dbf
        choice = try EncodingChoice.choose(stated: stated, cpgPath: cpg, ldid: dbf.ldid, textBytes: { table.textBytes() }, dbfPath: path)
        if let w = choice.warning { notes.file(.encodingGuessed, w) }
        dbf.decodeNames(choice.encoding)
        for f in dbf.fields where !f.isSupported {
            notes.file(.unsupportedField, "field \(f.name) has DBF type \(f.letter), which is not supported: its raw text was kept")
        }
        fields = dbf.fields.map { FieldSchema(name: $0.name, type: $0.type, width: $0.width, decimals: $0.decimals) }
        self.dbf = dbf
    }

    var recordCount: Int { dbf.recordCount }

    /// The typed values of record `r` (0-based); a value that cannot be read is NULL and noted.
    func values(record r: Int, notes: inout ReadNotes) -> [Value] {
        if dbf.isDeleted(record: r) { notes.record(r + 1, .deletedRecord, "the .dbf marks this record as deleted; it was kept") }
        var values: [Value] = []
        values.reserveCapacity(dbf.fields.count)
        for f in dbf.fields {
            switch DBFValueParsing.value(dbf.raw(record: r, field: f), field: f, encoding: choice.encoding) {
            case .value(let v): values.append(v)
            case .bad(let why):
                notes.record(r + 1, .badValue, "field \(f.name): \(why); read as NULL")
                values.append(.null)
            }
        }
        return values
    }

    /// The report's field list, with unsupported DBF types named.
    var reportFields: [InspectReport.FieldInfo] {
        dbf.fields.map { .init(name: $0.name, type: $0.isSupported ? $0.type.rawValue : "unsupported (\($0.letter))") }
    }
}
