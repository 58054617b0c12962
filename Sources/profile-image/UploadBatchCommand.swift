import ArgumentParser
import Foundation
import ProfileImage
import ProfileQuotaSQLite
import ProfileUpload
import ProfileUploadAsyncHTTPClient
import Synchronization

/// `profile-image upload-batch`: a profile picture for each of many accounts.
struct UploadBatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload-batch",
        abstract: "Upload image and cropped_image for every row of a CSV manifest, one account per row.",
        discussion: """
            Each manifest row is image_path,apikey_env,token_env (the NAMES of environment variables \
            holding that account's API key and token) or image_path,credentials_file (a file of \
            PROFILE_API_KEY=... and PROFILE_ACCESS_TOKEN=... lines). Secrets are never written in \
            the manifest, on the command line, or in any output. The manifest is CSV as RFC 4180 \
            and Excel write it: CRLF or LF line ends, fields in double quotes when they hold commas, \
            quotes or line breaks, a UTF-8 byte order mark; blank lines, a header row \
            "image_path,..." and rows starting with # are skipped, and a manifest with no rows is \
            an error. Paths are relative to the manifest's folder.

            Every row is processed as by upload. The quota ledger is consulted before each request: \
            an account known to be spent is skipped without processing or a request, while rows of \
            other accounts go on. Every outcome is appended to a journal (MANIFEST.journal.ndjson by \
            default), so a re-run uploads only what is still pending: a photo already uploaded to \
            the same account at the same endpoint with the same options is skipped, wherever its \
            row now is. The summary lists the accounts that are blocked, and until when. When 5 \
            attempts in a row find the API unreachable (no connection, or 502/503/504), nothing \
            more is sent: the rows left stay pending for the next run and the exit status is 7.

            EXAMPLES
              export ADA_KEY=... ADA_TOKEN=... BOB_KEY=... BOB_TOKEN=...
              printf '%s\\n' image_path,apikey_env,token_env \\
                ada.jpg,ADA_KEY,ADA_TOKEN bob.png,BOB_KEY,BOB_TOKEN > staff.csv
              profile-image upload-batch staff.csv \\
                --endpoint https://api.example.com/api/v1 --report run.ndjson

            \(ExitStatus.help)
              For a batch: 7 when it stopped because the API was unreachable, 6 when every row
              not uploaded waits for quota, 5 when every such row was refused for credentials,
              else 1.
            """
    )

    @Argument(help: ArgumentHelp("The CSV manifest.", valueName: "manifest.csv"))
    var manifest: String

    @Option(help: ArgumentHelp("The journal of outcomes (default: MANIFEST.journal.ndjson).", valueName: "file"))
    var journal: String?

    @Option(help: ArgumentHelp("Write an NDJSON line per row to this file as rows finish.", valueName: "file"))
    var report: String?

    @OptionGroup var api: APIArgumentsWithoutCredentials
    @OptionGroup var batch: BatchArguments
    @OptionGroup var pipeline: PipelineArguments

    func run() async throws {
        let rows = try UploadManifest(path: manifest).rows
        let journal = UploadJournal(path: self.journal ?? manifest + ".journal.ndjson")
        let quotaStore = try SQLiteQuotaStore(path: api.ledger)
        let uploader = PhotoUploader(
            pipeline: ProfileImagePipeline(configuration: pipeline.configuration), crop: pipeline.cropRectangle)
        let options = OptionsFingerprint.of(pipeline.configuration, crop: pipeline.cropRectangle)
        let reportWriter = try report.map(ReportWriter.init(path:))
        let progress = BatchProgress(total: rows.count, live: batch.showsProgress, noun: "uploads")
        let interrupt = InterruptMonitor()
        // One breaker for every row: an endpoint that is down stops the whole batch, not each row
        // after its own retries.
        let breaker = CircuitBreaker()
        var statuses: [UploadRecord.Status] = []
        var blocked: [String: (until: Date, limit: Int?)] = [:]
        try await AsyncHTTPClientTransport.withTransport(connectTimeout: api.connectDuration) { transport in
            let context = Context(
                uploader: uploader, api: api, transport: transport, quotaStore: quotaStore, breaker: breaker,
                journal: journal, options: options)
            _ = try await BatchRunner.run(
                count: rows.count, jobs: batch.jobs, stopStarting: { interrupt.isInterrupted || breaker.isOpen }
            ) { index in
                await Self.upload(rows[index], context)
            } completed: { _, outcome in
                let record = outcome.record
                statuses.append(record.status)
                progress.record(
                    failureCode: [.uploaded].contains(record.status) ? nil : record.status.rawValue,
                    skipped: outcome.skipped)
                if record.status == .throttled, let account = outcome.accountKey,
                    let quota = try? await quotaStore.status(account: account), let until = quota.blockedUntil ?? outcome.until
                {
                    blocked[record.account ?? "?"] = (until, quota.limit)
                }
                try reportWriter?.append(record.jsonLine)
                if record.status != .uploaded {
                    FileHandle.standardError.write(Data(((batch.showsProgress ? "\r\u{1B}[K" : "") + record.textLine + "\n").utf8))
                } else if batch.verbose {
                    print(record.textLine)
                }
            }
        }
        var summary = progress.summary(title: "upload-batch")
        for (account, block) in blocked.sorted(by: { $0.key < $1.key }) {
            summary += "  account \(account): blocked until \(ISO8601DateFormatter().string(from: block.until))"
                + (block.limit.map { " (daily limit \($0))" } ?? "") + "\n"
        }
        let stoppedForNetwork = breaker.isOpen
        if stoppedForNetwork {
            let pending = rows.count - statuses.filter { $0 != .unreachable }.count
            summary += "  stopped: the API at \(api.endpoint) is unreachable (\(breaker.consecutiveFailures) attempts in a "
                + "row failed; last: \(breaker.lastFailure ?? "?")); \(pending) row(s) left pending for the next run\n"
        }
        FileHandle.standardError.write(Data(summary.utf8))
        if interrupt.isInterrupted { throw ExitCode(130) }
        if stoppedForNetwork { throw ExitCode(ExitStatus.network) }
        let failed = statuses.filter { $0 != .uploaded }
        if failed.isEmpty { return }
        if failed.allSatisfy({ $0 == .throttled }) { throw ExitCode(ExitStatus.quotaExhausted) }
        if failed.allSatisfy({ $0 == .unauthorized }) { throw ExitCode(ExitStatus.unauthorized) }
        throw ExitCode(ExitStatus.someFailed)
    }

    /// What every row's upload shares.
    struct Context: Sendable {
        let uploader: PhotoUploader
        let api: APIArgumentsWithoutCredentials
        let transport: AsyncHTTPClientTransport
        let quotaStore: SQLiteQuotaStore
        let breaker: CircuitBreaker
        let journal: UploadJournal
        /// The fingerprint of the options that shape the two files.
        let options: String
    }

    struct Outcome: Sendable {
        var record: UploadRecord
        var skipped = false
        var accountKey: String?
        var until: Date?
    }

    static func upload(_ row: UploadManifest.Row, _ context: Context) async -> Outcome {
        let credentials: ProfileAPICredentials
        switch row.credentials {
        case .success(let loaded): credentials = loaded
        case .failure(let failure):
            return Outcome(
                record: UploadRecord(input: row.imagePath, status: .unauthorized, message: "line \(row.line): \(failure.description)"))
        }
        let client = ProfileAPIClient(
            configuration: context.api.configuration(credentials), transport: context.transport,
            quotaStore: context.quotaStore, circuitBreaker: context.breaker)
        let account = credentials.fingerprint
        let content = (FileManager.default.contents(atPath: row.imagePath)).map { ContentHash.hex($0) } ?? "unreadable"
        func entry(_ record: UploadRecord) -> UploadJournal.Entry {
            UploadJournal.Entry(
                line: row.line, image: row.imagePath, content: content, account: client.accountKey,
                options: context.options, status: record.status.rawValue, at: ISO8601DateFormatter().string(from: Date()))
        }
        if context.journal.wasUploaded(account: client.accountKey, content: content, options: context.options) {
            return Outcome(
                record: UploadRecord(input: row.imagePath, status: .uploaded, account: account, message: "already uploaded"),
                skipped: true)
        }
        // A spent account costs neither processing nor a request.
        if let quota = try? await context.quotaStore.status(account: client.accountKey), let until = quota.blockedUntil {
            let wait = Int(until.timeIntervalSinceNow.rounded(.up))
            var record = UploadRecord(
                input: row.imagePath, status: .throttled, account: account,
                message: QuotaMessage.text(secondsLeft: wait))
            record.retryAfter = wait
            record.decidedLocally = true
            try? context.journal.append(entry(record))
            return Outcome(record: record, accountKey: client.accountKey, until: until)
        }
        let record = await context.uploader.upload(row.imagePath, with: client)
        // A row the breaker stopped was not tried: it stays pending, with nothing to record.
        if record.status != .unreachable { try? context.journal.append(entry(record)) }
        return Outcome(
            record: record, accountKey: client.accountKey,
            until: record.retryAfter.map { Date().addingTimeInterval(TimeInterval($0)) })
    }
}
