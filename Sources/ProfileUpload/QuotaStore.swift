import Foundation

/// Where the profile API's daily quota of each account is kept, so that no request is sent that
/// the server must refuse with 429, and no two uploaders take the last slot together.
///
/// Every decision is atomic: however many tasks, processes and machines ask at once, a store never
/// grants more reservations in the window than the limit in force (the configured one, else the one
/// learned from the server's 429). The server's stated wait is the truth: after a 429, the account
/// is refused until that wait has passed and never after it on the strength of a learned limit
/// alone. Accounts are keyed by ``ProfileAPICredentials/accountKey(baseURL:)``, a hash: a store
/// never holds a secret.
///
/// `ProfileQuotaSQLite` (one machine) and `ProfileQuotaPostgres` (a fleet) provide stores; both
/// pass the same conformance suite.
public protocol QuotaStore: Sendable {
    /// Takes a slot for `account` unless it is blocked or at its limit.
    /// - Parameters:
    ///   - configuredLimit: the account's known daily limit, if any; it takes precedence over a
    ///     learned one and is counted over a rolling 24 hours. It is stored: a caller that gives
    ///     none is bound by the last one given (an instance that lacks the setting cannot
    ///     overshoot; one that gives a different limit sets the account's).
    ///   - now: the time of the decision.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    func reserve(account: String, configuredLimit: Int?, now: Date) async throws -> QuotaDecision

    /// Records what came of a granted reservation. A reservation never finished (its process died)
    /// stops counting after ``QuotaRules/pendingExpiry`` seconds.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    func finish(_ reservation: QuotaReservation, outcome: QuotaOutcome, now: Date) async throws

    /// What the store knows of one account, or `nil` if it has never seen it.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    func status(account: String, now: Date) async throws -> AccountQuota?

    /// Every account the store has seen, ordered by key.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    func accounts(now: Date) async throws -> [AccountQuota]
}

extension QuotaStore {
    /// ``reserve(account:configuredLimit:now:)`` at the current time.
    public func reserve(account: String, configuredLimit: Int?) async throws -> QuotaDecision {
        try await reserve(account: account, configuredLimit: configuredLimit, now: Date())
    }

    /// ``finish(_:outcome:now:)`` at the current time.
    public func finish(_ reservation: QuotaReservation, outcome: QuotaOutcome) async throws {
        try await finish(reservation, outcome: outcome, now: Date())
    }

    /// ``status(account:now:)`` at the current time.
    public func status(account: String) async throws -> AccountQuota? {
        try await status(account: account, now: Date())
    }

    /// ``accounts(now:)`` at the current time.
    public func accounts() async throws -> [AccountQuota] {
        try await accounts(now: Date())
    }
}
