/// What came of a reserved request.
public enum QuotaOutcome: Sendable, Hashable {
    /// The server accepted the update: it counts against the quota.
    case succeeded
    /// The server said 429: the account waits `retryAfter` seconds, and the store learns the limit
    /// and its window from what it saw succeed before.
    case throttled(message: String, retryAfter: Int)
    /// The request did not count (refused as invalid, unauthorised, never sent): the slot is freed.
    case released
    /// The request was sent but no answer came (a timeout, a dropped connection): the server may
    /// have counted it. It is kept as a possible update, so a limit learned later can allow for it.
    case unanswered
}
