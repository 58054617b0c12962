/// A ``QuotaStore``'s answer to a request for a slot.
public enum QuotaDecision: Sendable, Hashable {
    /// Go ahead; record what came of it with ``QuotaStore/finish(_:outcome:now:)``.
    case granted(QuotaReservation)
    /// Known to be spent: the server's own wording of the wait, and the seconds left.
    case blocked(message: String, secondsLeft: Int)
}
