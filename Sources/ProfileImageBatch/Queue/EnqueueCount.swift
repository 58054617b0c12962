/// What ``WorkQueue/enqueue(_:)`` did.
public struct EnqueueCount: Sendable, Hashable {
    /// Jobs added.
    public var enqueued: Int
    /// Jobs already in the queue under the same key (queued, running, done, failed or waiting):
    /// nothing was added for them.
    public var alreadyPresent: Int

    /// Creates a count.
    public init(enqueued: Int = 0, alreadyPresent: Int = 0) {
        self.enqueued = enqueued
        self.alreadyPresent = alreadyPresent
    }
}
