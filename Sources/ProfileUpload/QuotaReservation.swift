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
