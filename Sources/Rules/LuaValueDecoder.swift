/// Reads a `LuaValue` into `Decodable` types with Lua's types kept: a number where a number is
/// expected (finite), an integer where an integer is (a whole float is accepted when it is exact),
/// range-checked for the Swift type, text that is UTF-8. Anything else is a `LuaValueDecodingError`
/// naming the key path and the nearest `where` ("file:line") of the tables around it, so that the
/// host can point at the user's line.
struct LuaValueDecodingError: Error, Equatable {
    var message: String
    /// The "file:line" recorded by the innermost declaration around the value, if any.
    var whereText: String?
    /// Text whose bytes are not UTF-8 (the script was saved in another encoding).
    var notText = false
}

struct LuaValueDecoder: Decoder {
    let value: LuaValue?
    let codingPath: [CodingKey]
    /// The `where` fields of the tables on the path, innermost last.
    let places: [String]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: LuaValue?, codingPath: [CodingKey] = [], places: [String] = []) {
        self.value = value
        self.codingPath = codingPath
        var places = places
        if case .table(let t)? = value, case .string(let b)? = t.fields["where"], let w = String(validating: b, as: UTF8.self) {
            places.append(w)
        }
        self.places = places
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: LuaValue?) throws -> T {
        try T(from: LuaValueDecoder(value))
    }

    /// The message names the value by its key as the script wrote it (`title`, `labels[1]`): the
    /// place is the line of the declaration that holds it.
    func fail(_ expected: String) -> LuaValueDecodingError {
        var name = ""
        for key in codingPath.reversed() {
            if let i = key.intValue { name = "[\(i + 1)]" + name } else { name = key.stringValue + name; break }
        }
        let got = value.map { "got \($0.described)" } ?? "it is missing"
        return LuaValueDecodingError(message: "\(name.isEmpty ? "the declaration" : name): \(expected) expected (\(got))", whereText: places.last)
    }

    func table() throws -> LuaTable {
        guard case .table(let t)? = value else { throw fail("a table") }
        return t
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self, table: try table()))
    }
    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        let t = try table()
        guard t.fields.isEmpty, t.otherKeys.isEmpty else { throw fail("a list") }
        return Unkeyed(decoder: self, items: t.sequence)
    }
    func singleValueContainer() throws -> SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ value: LuaValue?, _ key: CodingKey) -> LuaValueDecoder {
        LuaValueDecoder(value, codingPath: codingPath + [key], places: places)
    }

    // MARK: scalars

    func decodeScalar<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is Bool.Type:
            guard case .boolean(let b)? = value else { throw fail("true or false") }
            return b as! T
        case is String.Type:
            guard case .string(let bytes)? = value else { throw fail("text") }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                var e = fail("UTF-8 text")
                e.notText = true
                throw e
            }
            return s as! T
        case is Double.Type:
            switch value {
            case .integer(let i)?:
                guard let d = Double(exactly: i) else { throw fail("a number that a double holds exactly") }
                return d as! T
            case .float(let d)? where d.isFinite: return d as! T
            default: throw fail("a finite number")
            }
        case is Int.Type: return try integer(Int.self) as! T
        case is Int64.Type: return try integer(Int64.self) as! T
        case is UInt64.Type: return try integer(UInt64.self) as! T
        case is Int32.Type: return try integer(Int32.self) as! T
        default:
            // Float, Int8, UInt32…: the declaration has none; refusing them keeps T(from:) from
            // coming back here for ever.
            throw fail("a value of a type the declaration reader supports (\(type))")
        }
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let range = "a whole number from \(I.min) to \(I.max)"
        switch value {
        case .integer(let i)?:
            guard let v = I(exactly: i) else { throw fail(range) }
            return v
        case .float(let d)?:
            guard d.isFinite, d == d.rounded(), let v = I(exactly: d) else { throw fail(range) }
            return v
        default: throw fail(range)
        }
    }

    static func isScalar(_ type: Any.Type) -> Bool {
        type == Bool.self || type == String.self || type == Double.self || type == Int.self
            || type == Int64.self || type == UInt64.self || type == Int32.self || type == Float.self
            || type == Int8.self || type == Int16.self || type == UInt.self || type == UInt8.self
            || type == UInt16.self || type == UInt32.self
    }

    func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        LuaValueDecoder.isScalar(type) ? try decodeScalar(type) : try T(from: self)
    }

    // MARK: containers

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: LuaValueDecoder
        let table: LuaTable
        var codingPath: [CodingKey] { decoder.codingPath }
        var allKeys: [Key] { table.fields.keys.compactMap { Key(stringValue: $0) } }
        func contains(_ key: Key) -> Bool { table.fields[key.stringValue] != nil }
        func decodeNil(forKey key: Key) throws -> Bool { table.fields[key.stringValue] == nil }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try decoder.child(table.fields[key.stringValue], key).decodeAny(type)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try decoder.child(table.fields[key.stringValue], key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try decoder.child(table.fields[key.stringValue], key).unkeyedContainer()
        }
        func superDecoder() throws -> Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> Decoder { decoder.child(table.fields[key.stringValue], key) }
    }

    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { String(intValue ?? 0) }
        init(_ i: Int) { intValue = i }
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: LuaValueDecoder
        let items: [LuaValue]
        var currentIndex = 0
        var codingPath: [CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }
        init(decoder: LuaValueDecoder, items: [LuaValue]) { self.decoder = decoder; self.items = items }
        mutating func next() -> LuaValueDecoder {
            defer { currentIndex += 1 }
            return decoder.child(currentIndex < items.count ? items[currentIndex] : nil, Index(currentIndex))
        }
        mutating func decodeNil() throws -> Bool { isAtEnd }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeAny(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> Decoder { next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: LuaValueDecoder
        var codingPath: [CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { decoder.value == nil }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeAny(type) }
    }
}
