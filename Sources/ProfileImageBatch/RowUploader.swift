import Foundation
import ProfileUpload

/// One row of an ``UploadBatch``: what every row's upload shares, and the upload itself.
struct RowUploader: Sendable {
    let uploader: PhotoUploader
    let client: @Sendable (ProfileAPICredentials) -> ProfileAPIClient.Configuration
    let transport: any ProfileAPITransport
    let quotaStore: any QuotaStore
    let breaker: CircuitBreaker
    /// The batch's journal; `nil` for a queue's jobs, whose record is the queue.
    let journal: UploadJournal?
    /// The fingerprint of the options that shape the two files.
    let options: String

    struct Outcome: Sendable {
        var record: UploadRecord
        var skipped = false
        var accountKey: String?
        var until: Date?
    }

    /// Appends `entry` to the journal on a worker thread (the write is fsynced). A journal that
    /// cannot be written costs only the skip on the next run: the row is redone then.
    private func append(_ entry: UploadJournal.Entry) async {
        guard let journal = self.journal else { return }
        _ = try? await uploader.processor.run(pixels: 0) { try journal.append(entry) }
    }

    func upload(_ row: UploadManifest.Row) async -> Outcome {
        let credentials: ProfileAPICredentials
        switch row.credentials {
        case .success(let loaded): credentials = loaded
        case .failure(let failure):
            return Outcome(
                record: UploadRecord(input: row.imagePath, status: .unauthorized, message: "line \(row.line): \(failure.message)"))
        }
        let client = ProfileAPIClient(
            configuration: self.client(credentials), transport: transport, quotaStore: quotaStore, circuitBreaker: breaker)
        let account = credentials.fingerprint
        let path = row.imagePath
        let content =
            (try? await uploader.processor.run(pixels: 0) { FileManager.default.contents(atPath: path).map(ContentHash.hex) })
            .flatMap { $0 } ?? "unreadable"
        func entry(_ record: UploadRecord) -> UploadJournal.Entry {
            UploadJournal.Entry(
                line: row.line, image: row.imagePath, content: content, account: client.accountKey, options: options,
                status: record.status.rawValue, at: Date().formatted(.iso8601))
        }
        if let journal, journal.wasUploaded(account: client.accountKey, content: content, options: options) {
            return Outcome(
                record: UploadRecord(input: row.imagePath, status: .uploaded, account: account, message: "already uploaded"),
                skipped: true)
        }
        // A spent account costs neither processing nor a request.
        if let quota = try? await quotaStore.status(account: client.accountKey), let until = quota.blockedUntil {
            let wait = QuotaRules.wholeSeconds(until.timeIntervalSinceNow)
            let record = UploadRecord(
                input: row.imagePath, status: .throttled, account: account, message: QuotaMessage.text(secondsLeft: wait),
                retryAfter: wait, decidedLocally: true)
            await append(entry(record))
            return Outcome(record: record, accountKey: client.accountKey, until: until)
        }
        let record = await uploader.upload(row.imagePath, with: client)
        // A row the breaker stopped was not tried: it stays pending, with nothing to record.
        if record.status != .unreachable { await append(entry(record)) }
        return Outcome(
            record: record, accountKey: client.accountKey,
            until: record.retryAfter.map { Date().addingTimeInterval(TimeInterval($0)) })
    }
}
