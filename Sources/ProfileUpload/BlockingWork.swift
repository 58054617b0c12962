import Dispatch

/// Blocking work (file I/O, a database open that may wait for a lock) run on a Dispatch queue,
/// awaited without holding a thread of the cooperative pool.
package enum BlockingWork {
    /// The value of `work`, computed on a global Dispatch queue.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
