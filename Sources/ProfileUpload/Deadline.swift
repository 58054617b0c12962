/// Work with a time limit, for the places where a wait on someone else (a server, a database)
/// must not hold a caller forever.
package enum Deadline {
    /// Runs `work`, cancelling it after `limit` and throwing `timedOut()` at once, whether or not
    /// `work` has honoured the cancellation yet (a connection pool retrying its connects may take
    /// its time; the caller does not wait for it). Work that finishes after the limit is lost to
    /// the caller: what it did (a reservation it committed late, say) must be safe to leave
    /// behind, as a reservation is, released by its expiry. A caller cancelled meanwhile cancels
    /// `work` and gets what `work` then throws (which may say more than a bare
    /// `CancellationError`: that a request may have left, say), or `timedOut()` at the limit if
    /// `work` does not stop.
    package static func run<T: Sendable>(
        within limit: Duration, timedOut: @escaping @Sendable () -> any Error, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = FirstOutcome<T>()
        let worker = Task {
            do {
                outcome.settle(.success(try await work()))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let timer = Task {
            // Cancelled when the caller returns (the work settled): then nothing to do.
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            outcome.settle(.failure(timedOut()))
            worker.cancel()
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in outcome.await(continuation) }
        } onCancel: {
            worker.cancel()
        }
    }
}
