/// When and how long to wait before trying a request again. Only what is safe is retried: a
/// request that never reached the server (any method), a GET that lost its response, and 502, 503
/// and 504 answers. Never 400, 401 or 429.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included. Default 4.
    public var maxAttempts: Int
    /// The first backoff ceiling; it doubles each retry. Default 0.5 s.
    public var baseDelay: Duration
    /// The largest wait, for backoff and for a server's `Retry-After`; a longer `Retry-After` ends
    /// the retries. Default 30 s.
    public var maxDelay: Duration
    /// How to wait; tests substitute a recorder.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a policy; every parameter has the default described on its property.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// No retries at all.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Capped exponential backoff with full jitter (AWS's "full jitter"): a uniform wait between
    /// zero and `min(maxDelay, baseDelay * 2^retry)`, so that many clients do not retry in step.
    func backoff(retry: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(retry, 30)))
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds)))
    }
}
