import Synchronization

/// Stops sending to a profile API that is down, shared by every client of it (a batch's workers,
/// a service's handlers). Each endpoint (base URL) has a breaker of its own.
///
/// Each attempt that finds the endpoint unreachable (a request that never left: refused, no
/// route, connect timeout; or a 502, 503 or 504 from a gateway in front of it) counts; any other
/// response resets the count, and a request that was sent but timed out changes nothing (the
/// endpoint is slow, not gone). After ``Configuration-swift.struct/failureThreshold`` such
/// attempts in a row the breaker opens: clients fail at once with
/// ``ProfileUploadError/Code/unreachable`` instead of spending their retries, and a batch stops
/// starting new work. After ``Configuration-swift.struct/coolDown`` one trial request is let
/// through (half-open); its success closes the breaker, its failure opens it again.
///
/// The state is a few integers per endpoint behind a `Mutex` held for a handful of instructions
/// and never across an `await`, so no task ever waits on it for long.
public final class CircuitBreaker: Sendable {
    /// When to open, and for how long.
    public struct Configuration: Sendable, Hashable {
        /// Consecutive failed attempts that open the breaker. Default 5: more than one upload's
        /// four attempts, so one unlucky request alone never stops a batch.
        public var failureThreshold: Int
        /// How long the breaker stays open before it lets a trial request through. Default 30 s.
        public var coolDown: Duration

        /// Creates a configuration; every parameter has the default described on its property.
        public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(30)) {
            self.failureThreshold = max(1, failureThreshold)
            self.coolDown = coolDown
        }
    }

    /// What the breaker knows of one endpoint.
    public struct Status: Sendable, Hashable {
        /// Whether requests are being refused now (open, and not yet cooled down).
        public var isOpen: Bool
        /// Failed attempts in a row.
        public var consecutiveFailures: Int
        /// What the last failed attempt said.
        public var lastFailure: String?
    }

    private struct Endpoint {
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        /// When the half-open trial was let through; a trial that never reports back (its task
        /// was cancelled) stops blocking others after a cool-down of its own.
        var trialStartedAt: ContinuousClock.Instant?
        var lastFailure: String?

        func refuses(at now: ContinuousClock.Instant, coolDown: Duration) -> Bool {
            guard let openedAt else { return false }
            if now - openedAt < coolDown { return true }
            return trialStartedAt.map { now - $0 < coolDown } ?? false
        }
    }

    /// The thresholds.
    public let configuration: Configuration
    private let endpoints = Mutex<[String: Endpoint]>([:])

    /// Creates a breaker, closed for every endpoint.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// What the breaker knows of `endpoint`.
    public func status(endpoint: String) -> Status {
        endpoints.withLock { endpoints in
            let state = endpoints[endpoint] ?? Endpoint()
            return Status(
                isOpen: state.refuses(at: .now, coolDown: configuration.coolDown),
                consecutiveFailures: state.consecutiveFailures, lastFailure: state.lastFailure)
        }
    }

    /// Whether requests to any endpoint are being refused now.
    public var isOpen: Bool {
        endpoints.withLock { endpoints in
            endpoints.values.contains { $0.refuses(at: .now, coolDown: configuration.coolDown) }
        }
    }

    /// Asks to send one attempt to `endpoint`.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/unreachable`` while open.
    func admit(endpoint: String) throws {
        let refusal: String? = endpoints.withLock { endpoints in
            let now = ContinuousClock.now
            guard var state = endpoints[endpoint] else { return nil }
            guard state.refuses(at: now, coolDown: configuration.coolDown) else {
                if state.openedAt != nil {
                    state.trialStartedAt = now
                    endpoints[endpoint] = state
                }
                return nil
            }
            return "\(state.consecutiveFailures) attempts in a row failed (last: \(state.lastFailure ?? "?"))"
        }
        if let refusal {
            throw ProfileUploadError(code: .unreachable, message: "Not sent: the API at \(endpoint) is unreachable: \(refusal)")
        }
    }

    /// Records an attempt to `endpoint` that got a usable response: closes its breaker.
    func recordSuccess(endpoint: String) {
        _ = endpoints.withLock { endpoints in endpoints.removeValue(forKey: endpoint) }
    }

    /// Records an attempt that found `endpoint` unreachable.
    func recordFailure(_ reason: String, endpoint: String) {
        endpoints.withLock { endpoints in
            var state = endpoints[endpoint] ?? Endpoint()
            state.consecutiveFailures += 1
            state.lastFailure = reason
            if state.trialStartedAt != nil || state.consecutiveFailures >= configuration.failureThreshold {
                state.openedAt = ContinuousClock.now
                state.trialStartedAt = nil
            }
            endpoints[endpoint] = state
        }
    }
}
