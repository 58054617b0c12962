/// A job a worker holds: claimed from a ``WorkQueue`` under a lease, until it records the
/// outcome with ``WorkQueue/finish(_:outcome:)``.
public struct ClaimedJob: Sendable, Hashable {
    /// The job's id in its queue.
    public let id: Int64
    /// What it does.
    public let kind: QueueJob.Kind
    /// The photo, for people.
    public let input: String
    /// The job itself, as JSON.
    public let payload: String
    /// Which attempt this is, 1 for the first: a job claimed again after a lease ran out (its
    /// worker died) counts again.
    public let attempt: Int
    /// What proves the claim: only the holder of the current token may renew the lease or end the
    /// job, so a worker whose lease was taken over can no longer overwrite the outcome.
    public let token: String

    /// Creates a claim, as a queue driver returns it.
    public init(id: Int64, kind: QueueJob.Kind, input: String, payload: String, attempt: Int, token: String) {
        self.id = id
        self.kind = kind
        self.input = input
        self.payload = payload
        self.attempt = attempt
        self.token = token
    }
}
