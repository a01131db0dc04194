import Foundation
import CLuaSandbox

/// A Lua value copied out of the sandbox with its types kept (the C layer's lsb_tree): integers
/// and floats apart, text as bytes, tables as their sequence part and their named fields.
indirect enum LuaValue: Equatable {
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    /// Bytes as Lua holds them; `text` says whether they are UTF-8.
    case string([UInt8])
    case table(LuaTable)
    /// A function, userdata or thread: named by its Lua type.
    case other(String)

    /// What a message shows of the value: numbers as Lua writes them, text quoted, tables as "a table".
    var described: String {
        switch self {
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "inf" : "-inf" }
            return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(format: "%.17g", d)
        case .string(let bytes):
            // Bytes that are not UTF-8 shown as \xFF, so that the message says which they are.
            if let text = String(validating: bytes, as: UTF8.self) { return "\"" + text + "\"" }
            return "\"" + bytes.map { $0 < 0x80 ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined() + "\""
        case .table: return "a table"
        case .other(let type): return "a \(type)"
        }
    }

    var typeName: String {
        switch self {
        case .boolean: return "boolean"
        case .integer, .float: return "number"
        case .string: return "string"
        case .table: return "table"
        case .other(let type): return type
        }
    }
}

/// A Lua table: `sequence` holds the values at keys 1…n, `fields` those at text keys; `otherKeys`
/// any other key (a float, a boolean, a key past a gap in the sequence), which the declaration never has.
struct LuaTable: Equatable {
    var sequence: [LuaValue] = []
    var fields: [String: LuaValue] = [:]
    var otherKeys: [LuaValue] = []
}

extension LuaValue {
    /// Rebuilds the value from the C layer's pre-order nodes; nil (Lua's nil) when the tree is empty or holds nil.
    static func from(_ tree: lsb_tree) -> LuaValue? {
        guard tree.count > 0, let nodes = tree.nodes else { return nil }
        let text = tree.text.map { UnsafeRawBufferPointer(start: $0, count: tree.text_len) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
        var next = 0
        func bytes(_ n: lsb_tree_node) -> [UInt8] {
            n.length == 0 ? [] : Array(text[n.offset ..< n.offset + n.length])
        }
        func read() -> LuaValue? {
            let n = nodes[next]
            next += 1
            switch lsb_tree_kind(rawValue: UInt32(n.kind)) {
            case LSB_TREE_FALSE: return .boolean(false)
            case LSB_TREE_TRUE: return .boolean(true)
            case LSB_TREE_INTEGER: return .integer(n.integer)
            case LSB_TREE_FLOAT: return .float(n.number)
            case LSB_TREE_STRING: return .string(bytes(n))
            case LSB_TREE_OTHER: return .other(String(decoding: bytes(n), as: UTF8.self))
            case LSB_TREE_TABLE:
                var numbered: [Int64: LuaValue] = [:]
                var table = LuaTable()
                for _ in 0 ..< n.entries {
                    let key = read()
                    let value = read()
                    guard let key, let value else { continue }
                    switch key {
                    case .integer(let i) where i >= 1: numbered[i] = value
                    case .string(let b):
                        if let name = String(validating: b, as: UTF8.self) { table.fields[name] = value } else { table.otherKeys.append(key) }
                    default: table.otherKeys.append(key)
                    }
                }
                var i: Int64 = 1
                while let v = numbered.removeValue(forKey: i) { table.sequence.append(v); i += 1 }
                table.otherKeys += numbered.keys.sorted().map { LuaValue.integer($0) }
                return .table(table)
            default: return nil
            }
        }
        return read()
    }
}
