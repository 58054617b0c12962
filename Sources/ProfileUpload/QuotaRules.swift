/// The quota decisions every ``QuotaStore`` makes the same way, as pure functions of what the
/// store holds: each store loads an account's state in one transaction, asks these, and writes
/// the answer back in the same transaction.
///
/// What the server says is the truth. A 429's wait is waited out exactly. Beyond it, the limit and
/// its window are learned from that 429 and the successes around it: the wait tells when the
/// oldest update the server counted leaves its window, but not which recorded update that was. So
/// every reading the record allows is kept (each candidate "oldest counted update" gives a limit
/// and a window), readings that an accepted update contradicts are dropped, and a request is
/// refused only while every remaining reading says the server would refuse it. If the store saw
/// every update of the account, the server's own rule is among the readings, and no request the
/// server would take is ever refused.
package enum QuotaRules {
    /// A daily limit counts updates over at most a rolling day.
    package static let longestWindow: Double = 86_400
    /// A reservation not finished within this long (its process died mid-request) no longer counts.
    package static let pendingExpiry: Double = 600
    /// How much later than the server a success may be recorded: it is stamped when the answer
    /// arrives, after the server counted it (a request may take its whole timeout), and the wait
    /// is rounded up to a whole second.
    package static let recordingSlack: Double = 120
    /// How far from a window's edge a record may be and still be on the other side of it at the
    /// server; borderline cases are read in favour of sending.
    package static let tolerance: Double = 2
    /// How long a 429 keeps teaching. Afterwards only a new 429 (or a configured limit) limits.
    package static let learningLifetime: Double = 7 * 86_400

    /// An account's quota state as a store holds it (times in seconds since 1970).
    package struct AccountState: Sendable {
        /// The limit the user configured, counted over a rolling day; it takes precedence.
        package var configuredLimit: Int?
        /// When the server's last 429 came, and when it said the account frees.
        package var throttledAt: Double?
        package var blockedUntil: Double?
        /// When each update the server accepted was recorded, ascending, from ``historyStart(now:throttledAt:)``.
        package var successes: [Double]
        /// When each live reservation was taken.
        package var pending: [Double]

        package init(
            configuredLimit: Int?, throttledAt: Double?, blockedUntil: Double?, successes: [Double], pending: [Double]
        ) {
            self.configuredLimit = configuredLimit
            self.throttledAt = throttledAt
            self.blockedUntil = blockedUntil
            self.successes = successes.sorted()
            self.pending = pending
        }
    }

    /// One reading of the server's rule: at most `limit` updates in any `window` seconds.
    package struct Reading: Sendable, Hashable {
        package var limit: Int
        package var window: Double
    }

    /// The earliest success a decision needs: a day before now, or before the last 429's candidates.
    package static func historyStart(now: Double, throttledAt: Double?) -> Double {
        min(now, throttledAt ?? now) - longestWindow - recordingSlack
    }

    /// How long the account must wait before another update, in whole seconds; `nil` when a slot
    /// may be taken.
    package static func wait(_ state: AccountState, now: Double) -> Int? {
        if let until = state.blockedUntil, until > now { return Int((until - now).rounded(.up)) }
        let counted = (state.successes + state.pending).sorted()
        let freeAt: Double
        if let limit = state.configuredLimit {
            freeAt = freeTime(Reading(limit: limit, window: longestWindow), counted: counted, now: now)
        } else {
            let readings = self.readings(state, now: now)
            guard !readings.isEmpty else { return nil }
            // Refused only while every reading refuses, and only until the first one frees it;
            // the tolerance leans toward sending (a wrong guess costs one 429, never a lost slot).
            freeAt = readings.map { freeTime($0, counted: counted, now: now) - tolerance }.min() ?? now
        }
        return freeAt > now ? Int((freeAt - now).rounded(.up)) : nil
    }

    /// When `reading` lets the next update through, given the `counted` updates (ascending).
    private static func freeTime(_ reading: Reading, counted: [Double], now: Double) -> Double {
        // Updates stamped a moment after `now` (finished by another process while this decision
        // waited for the lock) count too.
        let inWindow = counted.filter { $0 > now - reading.window }
        guard inWindow.count >= reading.limit else { return now }
        // With no slot at all, a whole window; else when the update that fills the limit leaves it.
        guard reading.limit > 0 else { return now + reading.window }
        return inWindow[inWindow.count - reading.limit] + reading.window
    }

    /// The readings of the last 429 that every accepted update agrees with, smallest window
    /// first; none without a 429 to learn from (or one older than ``learningLifetime``).
    package static func readings(_ state: AccountState, now: Double) -> [Reading] {
        guard let throttledAt = state.throttledAt, let freeAt = state.blockedUntil,
            now - throttledAt < learningLifetime
        else { return [] }
        let successes = state.successes
        // A daily limit's window is at most a day: the oldest update the server counted is a
        // success recorded within a day (and the slack) of the moment the account frees.
        let candidates = successes.filter { $0 <= throttledAt && $0 > freeAt - longestWindow - recordingSlack }
        var readings: [Reading] = []
        for (index, oldest) in candidates.enumerated().reversed() {
            let reading = Reading(limit: candidates.count - index, window: freeAt - oldest)
            if !contradicted(reading, by: successes) { readings.append(reading) }
        }
        return readings
    }

    /// Whether an accepted update contradicts `reading`: the server took each success, so before
    /// it there were fewer than `limit` in the window (at the window's far edge, a record within
    /// the tolerance is read as outside it). One pass over the ascending `successes`.
    private static func contradicted(_ reading: Reading, by successes: [Double]) -> Bool {
        var left = 0
        var runStart = 0
        for (index, accepted) in successes.enumerated() {
            if index > 0 && successes[index - 1] < accepted { runStart = index }
            while left < runStart && successes[left] <= accepted - reading.window + tolerance { left += 1 }
            if runStart - left >= reading.limit { return true }
        }
        return false
    }
}
