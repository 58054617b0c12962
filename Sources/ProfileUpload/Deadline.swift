/// Work with a time limit, for the places where a wait on someone else (a server, a database)
/// must not hold a caller forever.
package enum Deadline {
    /// Runs `work`, cancelling it after `limit` and throwing `timedOut()`. A caller cancelled
    /// meanwhile cancels `work` and gets what `work` then throws (which may say more than a bare
    /// `CancellationError`: that a request may have left, say).
    package static func run<T: Sendable>(
        within limit: Duration, timedOut: @escaping @Sendable () -> any Error, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        // Each child's result: the work's value, or whether the timer ran out (false: cancelled).
        try await withThrowingTaskGroup(of: (value: T?, timedOut: Bool).self) { group in
            group.addTask { (try await work(), false) }
            group.addTask {
                do {
                    try await Task.sleep(for: limit)
                    return (nil, true)
                } catch {
                    return (nil, false)  // the caller was cancelled: the work decides
                }
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let value = finished.value { return value }
                if finished.timedOut { throw timedOut() }
            }
            throw CancellationError()
        }
    }
}
