/// The quota decisions every ``QuotaStore`` makes the same way, as pure functions of what the
/// store holds: each store loads an account's state in one transaction, asks these, and writes
/// the answer back in the same transaction. A store of one's own (Redis, DynamoDB) does the same
/// to behave as the two built-in ones do.
///
/// What the server says is the truth. A 429's wait is waited out exactly. Beyond it, the limit and
/// its window are learned from that 429 and the successes around it: the wait tells when the
/// oldest update the server counted leaves its window, but not which recorded update that was. So
/// every reading the record allows is kept (each candidate "oldest counted update" gives a limit
/// and a window), readings that an accepted update contradicts are dropped, and a request is
/// refused only while every remaining reading says the server would refuse it. If the store saw
/// every update of the account, the server's own rule is among the readings, and no request the
/// server would take is ever refused. Updates the store cannot see (made on the website, through
/// another store, or sent with no answer) can make every reading too strict; so a refusal on
/// learned readings alone lets one request through per window as a probe, whose answer (an
/// accepted update that contradicts them, or a 429 with a fresh wait) teaches the store again.
public enum QuotaRules {
    /// A daily limit counts updates over at most a rolling day.
    public static let longestWindow: Double = 86_400
    /// A reservation not finished within this long (its process died mid-request) no longer counts.
    public static let pendingExpiry: Double = 600
    /// The longest an upload under a reservation may take, retries and backoff included: it is
    /// ended (and recorded as unanswered) before its reservation could expire and be counted
    /// out while the request may still reach the server. Two minutes short of the expiry: a
    /// store may wait up to 30 s for a lock both before the request and after it.
    public static let reservedRequestLimit: Double = pendingExpiry - 120
    /// How much later than the server a success may be recorded: it is stamped when the answer
    /// arrives, after the server counted it (a request may take its whole timeout), and the wait
    /// is rounded up to a whole second.
    public static let recordingSlack: Double = 120
    /// How far from a window's edge a record may be and still be on the other side of it at the
    /// server; borderline cases are read in favour of sending.
    public static let tolerance: Double = 2
    /// How long a 429 keeps teaching. Afterwards only a new 429 (or a configured limit) limits.
    public static let learningLifetime: Double = 7 * 86_400
    /// The longest wait a server may announce that is taken as said; longer ones are read as this.
    public static let longestWait = 366 * 86_400

    /// An account's quota state as a store holds it (times in seconds since 1970).
    public struct AccountState: Sendable {
        /// The limit the user configured, counted over a rolling day; it takes precedence.
        public var configuredLimit: Int?
        /// When the server's last 429 came.
        public var throttledAt: Double?
        /// When that 429 said the account frees.
        public var blockedUntil: Double?
        /// When each update the server accepted was recorded, ascending, from ``historyStart(now:throttledAt:)``.
        public var successes: [Double]
        /// When each live reservation was taken.
        public var pending: [Double]
        /// When each request was sent that got no answer: the server may or may not have counted it.
        public var uncertain: [Double]
        /// When the last probe went through on learned readings alone.
        public var probedAt: Double?

        /// Creates a state; `successes` need not be sorted.
        public init(
            configuredLimit: Int?, throttledAt: Double?, blockedUntil: Double?, successes: [Double], pending: [Double],
            uncertain: [Double] = [], probedAt: Double? = nil
        ) {
            self.configuredLimit = configuredLimit
            self.throttledAt = throttledAt
            self.blockedUntil = blockedUntil
            self.successes = successes.sorted()
            self.pending = pending
            self.uncertain = uncertain
            self.probedAt = probedAt
        }
    }

    /// The answer to a request for a slot.
    public enum Decision: Sendable, Hashable {
        /// A slot is free.
        case free
        /// Every reading refuses, but none has been checked with the server for a window: this
        /// request goes as a probe (the store records when).
        case probe
        /// Wait this many whole seconds.
        case wait(Int)
    }

    /// One reading of the server's rule: at most `limit` updates in any `window` seconds.
    public struct Reading: Sendable, Hashable {
        /// Updates allowed in the window.
        public var limit: Int
        /// The window, in seconds.
        public var window: Double

        /// Creates a reading.
        public init(limit: Int, window: Double) {
            self.limit = limit
            self.window = window
        }
    }

    /// Records older than this are never read again (a 429 teaches for ``learningLifetime``, and
    /// reads a day and the slack before itself): a store may delete them.
    public static func oldestKept(now: Double) -> Double {
        now - learningLifetime - longestWindow - recordingSlack
    }

    /// The earliest success a decision needs: a day before now, or before the last 429's candidates.
    public static func historyStart(now: Double, throttledAt: Double?) -> Double {
        min(now, throttledAt ?? now) - longestWindow - recordingSlack
    }

    /// How long the account must wait before another update, in whole seconds; `nil` when a slot
    /// may be taken (as a probe or not).
    public static func wait(_ state: AccountState, now: Double) -> Int? {
        if case .wait(let seconds) = decide(state, now: now) { return seconds }
        return nil
    }

    /// Whether a request may go now, as a probe, or must wait.
    public static func decide(_ state: AccountState, now: Double) -> Decision {
        if let until = state.blockedUntil, until > now { return .wait(wholeSeconds(until - now)) }
        if let limit = state.configuredLimit {
            // Unanswered requests count against a limit the user knows: better one slot unused
            // than one over.
            let counted = (state.successes + state.pending + state.uncertain).sorted()
            let freeAt = freeTime(Reading(limit: limit, window: longestWindow), counted: counted, now: now)
            return freeAt > now ? .wait(wholeSeconds(freeAt - now)) : .free
        }
        let readings = self.readings(state, now: now)
        guard let tightest = readings.min(by: { $0.window < $1.window }) else { return .free }
        let counted = (state.successes + state.pending).sorted()
        // Refused only while every reading refuses, and only until the first one frees it; the
        // tolerance leans toward sending (a wrong guess costs one 429, never a lost slot).
        let freeAt = readings.map { freeTime($0, counted: counted, now: now) - tolerance }.min() ?? now
        guard freeAt > now else { return .free }
        // Probed once per wait the server last stated: the true window is at least that long, so
        // a refusal the server would not make never lasts longer than its window.
        let lastChecked = max(state.throttledAt ?? -.infinity, state.probedAt ?? -.infinity)
        let interval = min(tightest.window, max(1, (state.blockedUntil ?? 0) - (state.throttledAt ?? 0)))
        if now - lastChecked >= interval { return .probe }
        return .wait(wholeSeconds(freeAt - now))
    }

    /// `seconds` rounded up, within ``longestWait``.
    public static func wholeSeconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds < Double(longestWait) else { return longestWait }
        return max(1, Int(seconds.rounded(.up)))
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
    public static func readings(_ state: AccountState, now: Double) -> [Reading] {
        guard let throttledAt = state.throttledAt, let freeAt = state.blockedUntil,
            now - throttledAt < learningLifetime
        else { return [] }
        let successes = state.successes.sorted()
        // A daily limit's window is at most a day: the oldest update the server counted is an
        // update recorded within a day (and the slack) of the moment the account frees; one sent
        // without an answer may be it too. Only answered successes can contradict a reading.
        let candidates = (successes + state.uncertain).sorted()
            .filter { $0 <= throttledAt && $0 > freeAt - longestWindow - recordingSlack }
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
