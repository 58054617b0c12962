import Synchronization

/// The first of several results, handed to one waiting continuation exactly once, whichever
/// comes first: the result or the continuation.
final class FirstOutcome<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var continuation: CheckedContinuation<T, any Error>?
        var delivered = false
    }

    private let state = Mutex(State())

    func settle(_ result: Result<T, any Error>) {
        let ready = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard state.result == nil, !state.delivered else { return nil }
            state.result = result
            guard let continuation = state.continuation else { return nil }
            state.delivered = true
            return continuation
        }
        ready?.resume(with: result)
    }

    func await(_ continuation: CheckedContinuation<T, any Error>) {
        let ready = state.withLock { state -> Result<T, any Error>? in
            state.continuation = continuation
            guard let result = state.result, !state.delivered else { return nil }
            state.delivered = true
            return result
        }
        if let ready { continuation.resume(with: ready) }
    }
}
