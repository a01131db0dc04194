import Foundation

/// A value of a run's writing made once, by whichever of the jobs writing at the same time asks
/// first, while the others wait for it and then read the same value: the unit layers' rows
/// (`UnitLayerRows`), the coherence rows (`CoherenceShare`) and the maps' topology
/// (`MapTopologyShare`), which each job made for itself before.
final class MadeOnce<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Value?

    func value(_ make: () -> Value) -> Value {
        lock.lock(); defer { lock.unlock() }
        if let made { return made }
        let value = make()
        made = value
        return value
    }
}
