/// Who may start: at most so many jobs at once, and at most so many pixels in flight, first come
/// first served. A job larger than the pixel budget runs alone. Callers wait in line, up to a
/// timeout and a length; cancelling a waiting task takes it out of the line.
actor Admission {
    private let maxJobs: Int
    private let maxPixels: Int
    private let maxWaiting: Int
    private var running = 0
    private var pixels = 0
    private var nextID: UInt64 = 0
    private var waiters: [Waiter] = []

    private struct Waiter {
        let id: UInt64
        let pixels: Int
        let continuation: CheckedContinuation<Void, any Error>
        /// When the wait ends, and how long it was, for the message.
        let deadline: (at: ContinuousClock.Instant, timeout: Duration)?
        var timer: Task<Void, Never>?
    }

    init(maxJobs: Int, maxPixels: Int, maxWaiting: Int) {
        self.maxJobs = max(1, maxJobs)
        self.maxPixels = max(1, maxPixels)
        self.maxWaiting = max(0, maxWaiting)
    }

    /// What is running and waiting now.
    var load: (running: Int, waiting: Int, pixels: Int) { (running, waiters.count, pixels) }

    /// Waits until a job of `cost` pixels may start, and counts it as running.
    /// - Throws: ``ProfileImageError/Code/busy`` after `timeout`, or at once when the line is
    ///   full; `CancellationError` when the task is cancelled while waiting.
    func acquire(pixels cost: Int, timeout: Duration?) async throws {
        try Task.checkCancellation()
        if waiters.isEmpty && fits(cost) {
            take(cost)
            return
        }
        guard waiters.count < maxWaiting else {
            throw ProfileImageError.busy("\(running) job(s) running and \(waiters.count) waiting, the most allowed")
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let deadline = timeout.map { (at: ContinuousClock.now + $0, timeout: $0) }
                var waiter = Waiter(id: id, pixels: cost, continuation: continuation, deadline: deadline)
                if let deadline {
                    waiter.timer = Task {
                        try? await Task.sleep(until: deadline.at, clock: .continuous)
                        self.expireDue()
                    }
                }
                waiters.append(waiter)
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Counts a job of `cost` pixels as done, and lets the next in line start.
    func release(pixels cost: Int) {
        running -= 1
        pixels -= cost
        admitWaiting()
    }

    /// Starts the waiters at the head of the line that now fit.
    private func admitWaiting() {
        while let first = waiters.first, fits(first.pixels) {
            waiters.removeFirst()
            first.timer?.cancel()
            take(first.pixels)
            first.continuation.resume()
        }
    }

    private func fits(_ cost: Int) -> Bool {
        running < maxJobs && (running == 0 || cost <= maxPixels - pixels)
    }

    private func take(_ cost: Int) {
        running += 1
        pixels += cost
    }

    /// Ends the wait of every waiter whose deadline has passed, earliest deadline first, letting
    /// the line move after each one. Timers on a loaded machine wake late and in any order; going
    /// by the deadlines makes the outcome what it would have been had each woken on time: a small
    /// job behind a large one that timed out first starts, even if its own timer woke first.
    private func expireDue() {
        let now = ContinuousClock.now
        let due = waiters.compactMap { waiter in
            waiter.deadline.flatMap { $0.at <= now ? (id: waiter.id, at: $0.at) : nil }
        }.sorted { $0.at < $1.at }
        for expired in due {
            guard let index = waiters.firstIndex(where: { $0.id == expired.id }) else { continue }
            let waiter = waiters.remove(at: index)
            waiter.timer?.cancel()
            let timeout = waiter.deadline.map { "\($0.timeout)" } ?? "the timeout"
            waiter.continuation.resume(throwing: ProfileImageError.busy("no slot within \(timeout)"))
            // A large job leaving the head of the line may let the smaller ones behind it start.
            admitWaiting()
        }
    }

    private func cancel(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timer?.cancel()
        waiter.continuation.resume(throwing: CancellationError())
        admitWaiting()
    }
}
