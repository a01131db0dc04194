import Foundation

/// One thread of the process that makes the direct writes of large outputs (`UnbufferedFile`)
/// while the threads spelling them go on: a thread of its own rather than a dispatch queue, as
/// those threads are the dispatch pool's and wait for their writes (a write queued behind them
/// would wait for a free thread of the pool). Writes are made in the order they are handed in.
final class DiskWriter: @unchecked Sendable {
    static let shared = DiskWriter()

    /// A write handed in: `wait` returns once it is made, with its error if it failed.
    final class Write: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var error: Error?
        /// Dropped once run: it holds the file, which holds this write until it has waited.
        private var body: (() throws -> Void)?
        fileprivate init(_ body: @escaping () throws -> Void) { self.body = body }
        fileprivate func run() {
            do { try body?() } catch { self.error = error }
            let ran = body
            body = nil
            // The file may go with the body: here, after the signal, as its deinit waits for it.
            _ = withExtendedLifetime(ran) { done.signal() }
        }
        /// Waits once (a second call would wait for ever).
        func wait() -> Error? { done.wait(); return error }
    }

    private let condition = NSCondition()
    private var queue: [Write] = []
    private var started = false

    /// Hands `body` to the thread (started at the first write).
    func write(_ body: @escaping () throws -> Void) -> Write {
        let write = Write(body)
        condition.lock()
        queue.append(write)
        if !started {
            started = true
            Thread { [self] in loop() }.start()
        }
        condition.signal()
        condition.unlock()
        return write
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let write = queue.removeFirst()
            condition.unlock()
            write.run()
        }
    }
}
