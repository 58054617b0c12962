import Foundation

/// What the quota ledger knows about one account.
public struct AccountQuota: Sendable, Hashable {
    /// The account key: a hash of the API base URL and the credentials.
    public var account: String
    /// Successful updates recorded in the rolling 24-hour window.
    public var updatesInLast24Hours: Int
    /// The limit learned from the server's 429 (the successes seen before it), if any.
    public var learnedLimit: Int?
    /// The limit the user configured, if any; it takes precedence.
    public var configuredLimit: Int?
    /// Until when the server said the account is blocked, if that is still in the future.
    public var blockedUntil: Date?
    /// The server's last throttling message.
    public var lastServerMessage: String?

    /// Creates a description.
    public init(
        account: String, updatesInLast24Hours: Int, learnedLimit: Int?, configuredLimit: Int?, blockedUntil: Date?,
        lastServerMessage: String?
    ) {
        self.account = account
        self.updatesInLast24Hours = updatesInLast24Hours
        self.learnedLimit = learnedLimit
        self.configuredLimit = configuredLimit
        self.blockedUntil = blockedUntil
        self.lastServerMessage = lastServerMessage
    }

    /// The limit in force: configured, else learned.
    public var limit: Int? { configuredLimit ?? learnedLimit }
}
