/// A ``QuotaStore``'s answer to a request for a slot.
public enum QuotaDecision: Sendable, Hashable {
    /// Go ahead; record what came of it with ``QuotaStore/finish(_:outcome:now:)``.
    case granted(QuotaReservation)
    /// Known to be spent: the server's own wording of the wait, and the seconds left.
    case blocked(message: String, secondsLeft: Int)
}

/// A slot taken in a ``QuotaStore`` for one request.
public struct QuotaReservation: Sendable, Hashable {
    /// The account key the slot was taken for.
    public let account: String
    /// The store's identifier of the slot.
    public let id: Int64

    /// Creates a reservation; stores make these, callers pass them back.
    public init(account: String, id: Int64) {
        self.account = account
        self.id = id
    }
}

/// What came of a reserved request.
public enum QuotaOutcome: Sendable, Hashable {
    /// The server accepted the update: it counts against the quota.
    case succeeded
    /// The server said 429: the account waits `retryAfter` seconds, and the store learns the limit
    /// and its window from what it saw succeed before.
    case throttled(message: String, retryAfter: Int)
    /// The request did not count (refused as invalid, unauthorised, failed): the slot is freed.
    case released
}
