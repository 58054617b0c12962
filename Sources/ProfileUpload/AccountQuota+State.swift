import Foundation

extension AccountQuota {
    /// What a store reports from the state the rules read.
    public init(state: QuotaRules.AccountState, account: String, message: String?, now: Double) {
        let reading = QuotaRules.readings(state, now: now).first
        self.init(
            account: account,
            updatesInLast24Hours: state.successes.filter { $0 > now - QuotaRules.longestWindow }.count,
            learnedLimit: reading?.limit, learnedWindow: reading.map { Int($0.window.rounded(.up)) },
            configuredLimit: state.configuredLimit,
            blockedUntil: state.blockedUntil.flatMap { $0 > now ? Date(timeIntervalSince1970: $0) : nil },
            lastServerMessage: message)
    }
}
