import CGEOS
import Domain

/// A GEOS STRtree over geometries' envelopes, to find which pairs can meet without testing every
/// pair. Every geometry is inserted by the initialiser, before any query, and nothing can be
/// inserted later: GEOS 3.11's STRtree builds itself on the first query and silently ignores items
/// inserted after it.
///
/// Ownership: the tree is owned by this object and destroyed in `deinit`; it holds pointers to
/// the geometries' envelopes, so the geometries are kept (`items`) for as long as the tree lives.
/// Items are the geometries' positions in the array given, stored in the tree as pointer-sized
/// integers (position + 1, so that none is NULL): no Swift object is ever handed to GEOS.
public final class EnvelopeTree {
    public let context: GEOSContext
    private let tree: OpaquePointer
    private let items: [GEOSGeometryRef?]

    /// A tree of `geometries`; nil entries (a unit without polygon) are left out and never found.
    public init(_ geometries: [GEOSGeometryRef?], context: GEOSContext) throws {
        self.context = context
        // 10 children per node, GEOS's own default.
        guard let t = GEOSSTRtree_create_r(context.handle, 10) else { throw context.failure("STRtree create") }
        tree = t
        items = geometries
        context.clearMessage()
        for (i, g) in geometries.enumerated() {
            guard let g else { continue }
            GEOSSTRtree_insert_r(context.handle, tree, g.pointer, UnsafeMutableRawPointer(bitPattern: i + 1))
            try context.throwIfReported("STRtree insert")
        }
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// Positions of the geometries whose envelope meets `geometry`'s envelope, sorted.
    public func candidates(meeting geometry: GEOSGeometryRef) throws -> [Int] {
        final class Found { var positions: [Int] = [] }
        let found = Found()
        let callback: GEOSQueryCallback = { item, userdata in
            guard let item, let userdata else { return }
            Unmanaged<Found>.fromOpaque(userdata).takeUnretainedValue().positions.append(Int(bitPattern: item) - 1)
        }
        context.clearMessage()
        // `found` outlives the call (it is a local used after it), so the unretained pointer is safe.
        withExtendedLifetime(found) {
            GEOSSTRtree_query_r(context.handle, tree, geometry.pointer, callback, Unmanaged.passUnretained(found).toOpaque())
        }
        try context.throwIfReported("STRtree query")
        return found.positions.sorted()
    }
}
