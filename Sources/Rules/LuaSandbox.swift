import CLuaSandbox
import Domain

/// One sandboxed Lua state (see lua_sandbox.h). Every call goes through the C layer, which runs it
/// under `lua_pcall`: nothing Lua raises ever unwinds through Swift. Not thread-safe.
final class LuaSandbox {
    enum Failure: Error {
        case script(String)
        case budget(String)
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

    private func resultText() -> String {
        var len = 0
        guard let p = lsb_result(handle, &len) else { return "" }
        let buffer = UnsafeRawBufferPointer(start: p, count: len)
        return String(decoding: buffer, as: UTF8.self)
    }

    private func check(_ status: lsb_status) throws {
        switch status {
        case LSB_OK: return
        case LSB_BUDGET: throw Failure.budget(resultText())
        case LSB_MEMORY: throw Failure.memory(resultText())
        case LSB_DEAD:
            // A previous call spent the budget or memory: the message says which.
            let text = resultText()
            if text.hasPrefix("memory") { throw Failure.memory(text) } else { throw Failure.budget(text) }
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
