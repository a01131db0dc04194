import CLuaSandbox
import Domain

/// One sandboxed Lua state (see lua_sandbox.h). Every call goes through the C layer, which runs it
/// under `lua_pcall`: nothing Lua raises ever unwinds through Swift. Not thread-safe.
final class LuaSandbox {
    /// Why a call failed, as the C layer reports it (its status), with the message. A spent
    /// budget or time limit also says where the script was ("file:line", lsb_where), when known.
    enum Failure: Error {
        case script(String)
        case budget(String, at: String?)
        case time(String, at: String?)
        case memory(String)
    }

    private let handle: OpaquePointer

    init(memoryLimit: Int, instructionBudget: Int64, seconds: Double) throws {
        guard let h = lsb_new(memoryLimit, instructionBudget, seconds) else {
            throw TargetingError("could not create a Lua state within \(memoryLimit) bytes",
                                 hint: "the limit cannot be changed; the machine may be short of memory: close other programs and run again")
        }
        handle = h
    }

    deinit { lsb_free(handle) }

    var instructionsUsed: Int64 { lsb_instructions_used(handle) }
    var memoryPeak: Int { Int(lsb_memory_peak(handle)) }
    var secondsUsed: Double { lsb_seconds_used(handle) }

    func runHost(_ code: String, chunkname: String) throws {
        var bytes = Array(code.utf8)
        let status = bytes.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) { p in
                lsb_run_host(handle, p, buf.count, chunkname)
            }
        }
        try check(status)
    }

    /// Calls a host function of the prelude with up to two text arguments; returns its text result.
    func call(_ name: String, _ a: String? = nil, _ b: String? = nil) throws -> String {
        let status = Self.withBytes(a) { pa, la in Self.withBytes(b) { pb, lb in lsb_call(handle, name, pa, la, pb, lb) } }
        try check(status)
        return resultText()
    }

    /// Calls a host function of the prelude without arguments; returns the value it gives, its
    /// types kept (nil: it gave nil).
    func callForValue(_ name: String) throws -> LuaValue? {
        var tree = lsb_tree()
        defer { lsb_tree_free(&tree) }
        try check(lsb_call_tree(handle, name, &tree))
        return LuaValue.from(tree)
    }

    /// Calls every bound rule function for the units of `units` (see lsb_evaluate); returns one
    /// result per unit and rule, and the texts their `text_offset`s point into.
    func evaluate(_ units: inout lsb_units, resultCount: Int) throws -> (results: [lsb_rule_result], texts: [UInt8]) {
        var results = [lsb_rule_result](repeating: lsb_rule_result(), count: resultCount)
        let status = results.withUnsafeMutableBufferPointer { buf in lsb_evaluate(handle, &units, buf.baseAddress, resultCount) }
        try check(status)
        var len = 0
        let p = lsb_texts(handle, &len)
        let texts = p.map { Array(UnsafeRawBufferPointer(start: $0, count: len)) } ?? []
        return (results, texts)
    }

    /// nil when `code` is valid Lua 5.4 (compiled only, in a fresh plain state), else the compiler's message.
    static func syntaxError(_ code: String, chunkname: String) -> String? {
        var bytes = Array(code.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                lsb_syntax_error(p, buf.count - 1, chunkname).map { String(cString: $0) }
            }
        }
    }

    private var whereSpent: String? {
        let text = String(cString: lsb_where(handle))
        return text.isEmpty ? nil : text
    }

    private func resultText() -> String {
        var len = 0
        guard let p = lsb_result(handle, &len) else { return "" }
        let buffer = UnsafeRawBufferPointer(start: p, count: len)
        return String(decoding: buffer, as: UTF8.self)
    }

    private func check(_ status: lsb_status) throws {
        switch status {
        case LSB_OK: return
        case LSB_BUDGET: throw Failure.budget(resultText(), at: whereSpent)
        case LSB_TIME: throw Failure.time(resultText(), at: whereSpent)
        case LSB_MEMORY: throw Failure.memory(resultText())
        case LSB_DEAD:
            // A previous call spent the budget, the time or the memory: the state says which.
            switch lsb_spent(handle) {
            case LSB_MEMORY: throw Failure.memory(resultText())
            case LSB_TIME: throw Failure.time(resultText(), at: whereSpent)
            default: throw Failure.budget(resultText(), at: whereSpent)
            }
        default: throw Failure.script(resultText())
        }
    }

    private static func withBytes<R>(_ s: String?, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
        guard let s else { return body(nil, 0) }
        var bytes = Array(s.utf8)
        bytes.append(0) // never read (lengths are explicit) but keeps the pointer non-null for ""
        return bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { body($0, buf.count - 1) }
        }
    }
}
