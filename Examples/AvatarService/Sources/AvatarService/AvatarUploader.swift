import ProfileUpload

/// Sends both files with the library's client and reads what the quota store then knows.
struct AvatarUploader: Sendable {
    let client: ProfileAPIClient
    let quotaStore: (any QuotaStore)?

    /// The account's quota after an upload, when a store keeps it.
    func quota() async -> QuotaState? {
        guard let quotaStore, let status = try? await quotaStore.status(account: client.accountKey) else { return nil }
        return QuotaState(
            used: status.updatesInLast24Hours, limit: status.limit,
            left: status.limit.map { max(0, $0 - status.updatesInLast24Hours) })
    }
}
