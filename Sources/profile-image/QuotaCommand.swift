import ArgumentParser
import Foundation
import ProfileImageBatch
import ProfileQuotaSQLite
import ProfileUpload

/// `profile-image quota`: what the ledger knows about each account.
struct QuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota",
        abstract: "Show the quota ledger: updates in the last 24 hours, limits, and blocks per account.",
        discussion: """
            Accounts are listed by their key, a SHA-256 of the API base URL and the credentials: the \
            ledger never stores a secret. With --mine, only the account of PROFILE_API_KEY and \
            PROFILE_ACCESS_TOKEN (or --credentials) at --endpoint.

            EXAMPLES
              profile-image quota
              profile-image quota --json --ledger /var/lib/avatars/quota.sqlite
            """
    )

    @Option(help: ArgumentHelp("The quota ledger (SQLite).", valueName: "path"))
    var ledger: String = SQLiteQuotaStore.defaultPath

    @Flag(help: "One JSON object per account.")
    var json = false

    func run() async throws {
        guard FileManager.default.fileExists(atPath: ledger) else {
            print(json ? "" : "No ledger at \(ledger) yet: nothing has been uploaded.")
            return
        }
        let now = Date()
        for account in try await SQLiteQuotaStore(path: ledger).accounts(now: now) {
            let blockedFor = account.blockedUntil.map { QuotaRules.wholeSeconds($0.timeIntervalSince(now)) }
            if json {
                var line = JSONLine()
                line.add("account", account.account)
                line.add("updates_last_24h", account.updatesInLast24Hours)
                line.add("limit", account.limit)
                line.add("learned_limit", account.learnedLimit)
                line.add("learned_window", account.learnedWindow)
                line.add("configured_limit", account.configuredLimit)
                line.add("blocked_until", account.blockedUntil.map { ISO8601DateFormatter().string(from: $0) })
                line.add("retry_after", blockedFor)
                print(line.text)
            } else {
                let limit = account.limit.map(String.init) ?? "unknown"
                var text = "\(account.account.prefix(16)): \(account.updatesInLast24Hours) update(s) in 24 h, limit \(limit)"
                if account.configuredLimit == nil, let window = account.learnedWindow, window < 86_400 {
                    text += " per \(window) s"
                }
                if let until = account.blockedUntil, let blockedFor {
                    text += ", blocked until \(ISO8601DateFormatter().string(from: until)) (\(blockedFor) s)"
                }
                print(text)
            }
        }
    }
}
