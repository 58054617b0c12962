import Foundation

/// What the stand-in server has seen and stored: inspectable by tests.
public actor StandInState {
    /// One multipart part as the server parsed it.
    public struct ReceivedPart: Sendable, Hashable {
        /// The field name.
        public let name: String
        /// The file name, if any.
        public let filename: String?
        /// The part's Content-Type, if any.
        public let contentType: String?
        /// The content.
        public let bytes: [UInt8]
    }

    /// Every request that reached the server, in order: method and path (no headers, no secrets).
    public private(set) var requests: [String] = []
    /// How each request that reached authentication presented itself: `apikey+bearer`, `bearer`,
    /// `parameter` (the API key in the query) or `cookie` (a session); never the secrets.
    public private(set) var authentications: [String] = []
    /// Every multipart upload that was parsed (accepted or not).
    public private(set) var uploads: [[ReceivedPart]] = []
    /// Statuses to answer the next requests with, whatever they are (for retry tests).
    private var injectedStatuses: [(status: Int, retryAfter: String?)] = []
    private var updates: [Int: [Date]] = [:]
    private var sessions: [String: Int] = [:]
    private var profiles: [Int: [String: String]] = [:]

    /// Creates empty state.
    public init() {}

    /// The next requests get these statuses (and optional `Retry-After`), one each, first come first served.
    public func inject(_ statuses: [(status: Int, retryAfter: String?)]) {
        injectedStatuses += statuses
    }

    /// Updates recorded for the account at `index` in the last 24 hours.
    public func updateCount(account index: Int, now: Date = Date()) -> Int {
        (updates[index] ?? []).filter { now.timeIntervalSince($0) < 86_400 }.count
    }

    func record(request: String) { requests.append(request) }
    func record(authentication: String) { authentications.append(authentication) }

    /// A new session for the account at `index`: its cookie value.
    func openSession(account index: Int) -> String {
        let id = UUID().uuidString
        sessions[id] = index
        return id
    }

    /// The account a session cookie stands for.
    func account(session id: String) -> Int? { sessions[id] }

    /// Ends every session, as a server restart or an expiry would.
    public func endSessions() { sessions = [:] }
    func record(upload: [ReceivedPart]) { uploads.append(upload) }

    func nextInjected() -> (status: Int, retryAfter: String?)? {
        injectedStatuses.isEmpty ? nil : injectedStatuses.removeFirst()
    }

    /// Takes a quota slot, or says how many seconds until one frees up: when the update that
    /// fills the limit leaves the window.
    func takeSlot(account index: Int, limit: Int, window: Duration, now: Date) -> Int? {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        var times = (updates[index] ?? []).filter { now.timeIntervalSince($0) < seconds }.sorted()
        // An account with no updates at all waits a whole window.
        if limit <= 0 { return Int(seconds.rounded(.up)) }
        if times.count >= limit {
            return max(1, Int((times[times.count - limit].timeIntervalSince(now) + seconds).rounded(.up)))
        }
        times.append(now)
        updates[index] = times
        return nil
    }

    func profile(account index: Int) -> [String: String] {
        profiles[index] ?? ["first_name": "", "last_name": "", "email": "user\(index)@example.com", "phone_number": ""]
    }

    func updateProfile(account index: Int, with fields: [String: String]) -> [String: String] {
        var profile = profile(account: index)
        for (key, value) in fields { profile[key] = value }
        profiles[index] = profile
        return profile
    }
}
