import Synchronization

/// How many uploads are being handled at once, with a ceiling: one over it is refused at once
/// (503) instead of having its body read into memory and queued without bound. An atomic
/// counter: taking and returning a place never waits.
final class RequestLimit: Sendable {
    private let inFlight = Atomic<Int>(0)
    /// The ceiling.
    let limit: Int

    /// Allows `limit` at once.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a place, or returns `false` when all are taken.
    func enter() -> Bool {
        let after = inFlight.add(1, ordering: .relaxed).newValue
        guard after <= limit else {
            inFlight.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back a place taken by ``enter()``.
    func leave() {
        inFlight.subtract(1, ordering: .relaxed)
    }

    /// Places taken now.
    var current: Int { inFlight.load(ordering: .relaxed) }
}
