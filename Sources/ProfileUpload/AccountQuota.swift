import Foundation

/// What a ``QuotaStore`` knows about one account.
public struct AccountQuota: Sendable, Hashable {
    /// The account key: a hash of the API base URL and the credentials.
    public var account: String
    /// Successful updates recorded in the rolling 24 hours.
    public var updatesInLast24Hours: Int
    /// The limit learned from the server's last 429 and the successes around it, if any: of the
    /// readings the record allows, the one with the smallest window.
    public var learnedLimit: Int?
    /// The window of the learned limit in seconds, from the wait in the server's 429, if learned.
    public var learnedWindow: Int?
    /// The limit the user configured, if any; it takes precedence.
    public var configuredLimit: Int?
    /// Until when the server said the account is blocked, if that is still in the future.
    public var blockedUntil: Date?
    /// The server's last throttling message.
    public var lastServerMessage: String?

    /// Creates a description.
    public init(
        account: String, updatesInLast24Hours: Int, learnedLimit: Int?, learnedWindow: Int? = nil,
        configuredLimit: Int?, blockedUntil: Date?, lastServerMessage: String?
    ) {
        self.account = account
        self.updatesInLast24Hours = updatesInLast24Hours
        self.learnedLimit = learnedLimit
        self.learnedWindow = learnedWindow
        self.configuredLimit = configuredLimit
        self.blockedUntil = blockedUntil
        self.lastServerMessage = lastServerMessage
    }

    /// The limit in force: configured, else learned.
    public var limit: Int? { configuredLimit ?? learnedLimit }
}
