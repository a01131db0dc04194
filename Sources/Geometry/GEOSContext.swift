import CGEOS
import Domain

/// One GEOS context (reentrant API). A context is not thread-safe: create one per thread or task
/// and keep every geometry made with it on that thread. GEOS reports errors through a message
/// handler; we keep the last message so a failed call can be turned into a Swift error.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let messages: MessageBox

    final class MessageBox { var last: String? }

    public init() throws {
        guard let h = GEOS_init_r() else { throw TargetingError("GEOS could not be initialised (out of memory?)") }
        handle = h
        messages = MessageBox()
        let box = Unmanaged.passUnretained(messages).toOpaque()
        let handler: GEOSMessageHandler_r = { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSContext.MessageBox>.fromOpaque(userdata).takeUnretainedValue().last = String(cString: message)
        }
        _ = GEOSContext_setErrorMessageHandler_r(handle, handler, box)
    }

    deinit { GEOS_finish_r(handle) }

    /// The error GEOS just reported for `operation`, as a Swift error.
    func failure(_ operation: String) -> TargetingError {
        let why = messages.last ?? "no detail given"
        messages.last = nil
        return TargetingError("GEOS \(operation) failed: \(why)")
    }

    /// For GEOS calls that return nothing (STRtree insert and query): GEOS reports their failure
    /// only through the message handler, so forget any old message before the call
    /// (`clearMessage`) and ask afterwards (`throwIfReported`).
    func clearMessage() { messages.last = nil }
    func throwIfReported(_ operation: String) throws {
        if messages.last != nil { throw failure(operation) }
    }

    /// Wraps a freshly created GEOS geometry, or throws the message GEOS gave for `operation`.
    func own(_ pointer: OpaquePointer?, _ operation: String) throws -> GEOSGeometryRef {
        guard let pointer else { throw failure(operation) }
        return GEOSGeometryRef(owning: pointer, context: self)
    }

    /// A GEOS predicate returns 1, 0, or 2 for an exception.
    func predicate(_ result: CChar, _ operation: String) throws -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw failure(operation)
        }
    }
}

/// A GEOS geometry owned by Swift: destroyed exactly once, when the last reference goes. It keeps
/// its context alive, since GEOS needs the context to destroy it.
public final class GEOSGeometryRef {
    let pointer: OpaquePointer
    public let context: GEOSContext

    init(owning pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, pointer) }
}
