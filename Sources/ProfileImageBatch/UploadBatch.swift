import Foundation
import ProfileImage
import ProfileUpload

/// A profile picture for each row of a manifest, one account per row: what `profile-image
/// upload-batch` does, minus parsing its arguments.
///
/// The quota store is asked before every row, so a spent account costs neither processing nor a
/// request while the other accounts go on. A journal of outcomes, keyed by account (endpoint and
/// credentials), content and options, makes a re-run send only what is pending. One
/// ``CircuitBreaker`` serves every row: once the API is found unreachable, no new row starts and
/// the rows left stay pending.
public struct UploadBatch: Sendable {
    /// What to upload, and how.
    public struct Options: Sendable {
        /// The CSV manifest.
        public var manifest: String
        /// The journal of outcomes. Default: the manifest's path + `.journal.ndjson`.
        public var journal: String
        /// How the two files are made.
        public var pipeline: ProfileImagePipeline.Configuration
        /// The crop in the upright picture; the centred square when `nil`.
        public var crop: CropRectangle?
        /// Rows worked on at once. Default: one per core.
        public var jobs: Int
        /// The client's configuration for a row's credentials: endpoint, timeouts, limits.
        public var client: @Sendable (ProfileAPICredentials) -> ProfileAPIClient.Configuration

        /// Creates options; every parameter but `manifest` and `client` has the default described
        /// on its property.
        public init(
            manifest: String, journal: String? = nil,
            pipeline: ProfileImagePipeline.Configuration = ProfileImagePipeline.Configuration(), crop: CropRectangle? = nil,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
            client: @escaping @Sendable (ProfileAPICredentials) -> ProfileAPIClient.Configuration
        ) {
            self.manifest = manifest
            self.journal = journal ?? manifest + ".journal.ndjson"
            self.pipeline = pipeline
            self.crop = crop
            self.jobs = jobs
            self.client = client
        }
    }

    /// What a run came to, beyond each row's record.
    public struct Summary: Sendable {
        /// Each finished row's status, in completion order.
        public var statuses: [UploadRecord.Status] = []
        /// Accounts (by fingerprint) found spent: until when, and their limit if known.
        public var blocked: [String: Block] = [:]
        /// Why the batch stopped before its end because the API was unreachable, if it did.
        public var unreachable: String?
    }

    /// An account found spent.
    public struct Block: Sendable, Hashable {
        /// When it may update again.
        public var until: Date
        /// Its limit, configured or learned, if known.
        public var limit: Int?
        /// The window the limit counts over, in seconds: a day for a configured limit.
        public var window: Int?

        /// `(daily limit 3)`, `(limit 2 per 20 s)`, or nothing when the limit is not known.
        public var limitText: String {
            guard let limit else { return "" }
            guard let window, window < 86_400 else { return " (daily limit \(limit))" }
            return " (limit \(limit) per \(window) s)"
        }
    }

    /// What to upload, and how.
    /// How many rows in a row may fail for the network before no more are started.
    static let networkFailuresToStop = 3

    /// Whether some rows failed and every one that did failed for the network.
    private static func onlyNetworkFailures(_ statuses: [UploadRecord.Status]) -> Bool {
        let failed = statuses.filter { $0 != .uploaded }
        return !failed.isEmpty && failed.allSatisfy { $0 == .network || $0 == .unreachable }
    }

    public let options: Options
    let transport: any ProfileAPITransport
    let quotaStore: any QuotaStore
    /// Shared by every row.
    public let breaker: CircuitBreaker

    /// Creates a batch sending through `transport`, keeping quotas in `quotaStore`.
    public init(
        options: Options, transport: any ProfileAPITransport, quotaStore: any QuotaStore,
        breaker: CircuitBreaker = CircuitBreaker()
    ) {
        self.options = options
        self.transport = transport
        self.quotaStore = quotaStore
        self.breaker = breaker
    }

    /// The manifest's rows, read on a worker thread.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/invalidManifest``.
    public func manifest() async throws -> UploadManifest {
        let authentication = options.client(ProfileAPICredentials(apiKey: "", accessToken: "")).authentication
        let path = options.manifest
        return try await ProfileImageProcessor.shared.run(pixels: 0) {
            try UploadManifest(path: path, authentication: authentication)
        }
    }

    /// Uploads the rows of `manifest`, at most ``Options-swift.struct/jobs`` at once, handing each
    /// record to `onRecord` as it completes and counting it in `progress`; no row starts once
    /// `stopStarting` says so or the breaker is open.
    /// - Throws: what `onRecord` throws.
    public func run(
        _ manifest: UploadManifest, progress: BatchProgress? = nil, stopStarting: () -> Bool = { false },
        onRecord: (UploadRecord) async throws -> Void = { _ in }
    ) async throws -> Summary {
        let rows = manifest.rows
        let workers = ProfileImageProcessor.forBatch(jobs: options.jobs)
        let journalPath = options.journal
        let row = RowUploader(
            uploader: PhotoUploader(
                pipeline: ProfileImagePipeline(configuration: options.pipeline), crop: options.crop, processor: workers),
            client: options.client, transport: transport, quotaStore: quotaStore, breaker: breaker,
            journal: try await workers.run(pixels: 0) { UploadJournal(path: journalPath) },
            options: OptionsFingerprint.of(options.pipeline, crop: options.crop))
        var summary = Summary()
        let endpoint = options.client(ProfileAPICredentials(apiKey: "", accessToken: "")).baseURL
        // Whether the breaker ever stopped a row: it may have cooled down by the time the last
        // row in flight finishes, and the batch still stopped for the network.
        var stoppedByBreaker = false
        // Rows in a row that found no answer: the breaker counts refused connections and 5xx, but
        // a request that was sent and timed out is not retried, so an endpoint that takes
        // connections and never answers would otherwise cost a whole timeout per row, for days.
        var networkFailuresInARow = 0
        var lastNetworkFailure: String?
        let started = try await BatchRunner.run(
            count: rows.count, jobs: options.jobs,
            stopStarting: {
                if breaker.isOpen { stoppedByBreaker = true }
                return stopStarting() || stoppedByBreaker || networkFailuresInARow >= Self.networkFailuresToStop
            }
        ) { index in
            await row.upload(rows[index])
        } completed: { _, outcome in
            let record = outcome.record
            if (record.status == .network || record.status == .unreachable) && record.httpStatus == nil {
                networkFailuresInARow += 1
                lastNetworkFailure = record.message
            } else if record.httpStatus != nil {
                // Only an answer from the server shows it is there; a row refused locally (an
                // invalid photo, missing credentials, a spent account) says nothing about it.
                networkFailuresInARow = 0
            }
            summary.statuses.append(record.status)
            progress?.record(failureCode: record.status == .uploaded ? nil : record.status.rawValue, skipped: outcome.skipped)
            if record.status == .throttled, let account = outcome.accountKey,
                let quota = try? await quotaStore.status(account: account), let until = quota.blockedUntil ?? outcome.until
            {
                summary.blocked[record.account ?? "?"] = Block(
                    until: until, limit: quota.limit, window: quota.configuredLimit == nil ? quota.learnedWindow : 86_400)
            }
            try await onRecord(record)
        }
        let pending = rows.count - started + summary.statuses.filter { $0 == .unreachable || $0 == .network }.count
        if stoppedByBreaker || summary.statuses.contains(.unreachable) {
            let status = breaker.status(endpoint: endpoint)
            summary.unreachable =
                "the API at \(endpoint) is unreachable (\(status.consecutiveFailures) attempts in a row failed; "
                + "last: \(status.lastFailure ?? "?")); \(pending) row(s) left pending for the next run"
        } else if networkFailuresInARow >= Self.networkFailuresToStop {
            summary.unreachable =
                "the API at \(endpoint) did not answer: stopped after \(networkFailuresInARow) row(s) in a row failed for the "
                + "network (last: \(lastNetworkFailure ?? "?")); \(pending) row(s) left pending for the next run"
        } else if Self.onlyNetworkFailures(summary.statuses) {
            // Every row that did not go through failed for the network or a server error: exit 7.
            let failed = summary.statuses.filter { $0 == .network }.count
            summary.unreachable =
                "the API at \(endpoint) failed \(failed) row(s) (network or server error); "
                + "\(pending) row(s) left pending for the next run"
        }
        return summary
    }
}
