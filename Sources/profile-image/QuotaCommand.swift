import ArgumentParser
import Foundation
import ProfileImageBatch
import ProfileQuotaSQLite
import ProfileUpload

/// `profile-image quota`: what the quota store knows about each account.
struct QuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota",
        abstract: "Show the quota store: updates in the last 24 hours, limits, and blocks per account.",
        discussion: """
            Accounts are listed by their key, a SHA-256 of the API base URL and the credentials: the \
            store never holds a secret.

            EXAMPLES
              profile-image quota
              profile-image quota --json \\
                --quota-store postgres://avatars@db.internal/avatars
            """
    )

    @OptionGroup var quotaStore: QuotaStoreArguments

    @Flag(help: "One JSON object per account.")
    var json = false

    func run() async throws {
        let location = try quotaStore.location()
        guard !location.isMissing else {
            if !json { print("No quota store at \(location) yet: nothing has been uploaded.") }
            return
        }
        let now = Date()
        let accounts = try await QuotaStoreErrors.reporting { try await location.withStore { try await $0.accounts(now: now) } }
        for account in accounts {
            let blockedFor = account.blockedUntil.map { QuotaRules.wholeSeconds($0.timeIntervalSince(now)) }
            if json {
                var line = JSONLine()
                line.add("account", account.account)
                line.add("updates_last_24h", account.updatesInLast24Hours)
                line.add("limit", account.limit)
                line.add("learned_limit", account.learnedLimit)
                line.add("learned_window", account.learnedWindow)
                line.add("configured_limit", account.configuredLimit)
                line.add("blocked_until", account.blockedUntil.map { $0.formatted(.iso8601) })
                line.add("retry_after", blockedFor)
                print(line.text)
            } else {
                let limit = account.limit.map(String.init) ?? "unknown"
                var text = "\(account.account.prefix(16)): \(account.updatesInLast24Hours) update(s) in 24 h, limit \(limit)"
                if account.configuredLimit == nil, let window = account.learnedWindow, window < 86_400 {
                    text += " per \(window) s"
                }
                if let until = account.blockedUntil, let blockedFor {
                    text += ", blocked until \(until.formatted(.iso8601)) (\(blockedFor) s)"
                }
                print(text)
            }
        }
    }
}
