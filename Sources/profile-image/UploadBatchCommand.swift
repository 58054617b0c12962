import ArgumentParser
import Foundation
import ProfileImage
import ProfileImageBatch
import ProfileQuotaPostgres
import ProfileQuotaSQLite
import ProfileUpload
import ProfileUploadAsyncHTTPClient

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

            Every row is processed as by upload. The quota store is consulted before each request: \
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
              For a batch: 7 when it stopped because the API was unreachable (or
              every row not uploaded failed for the network), 6 when every row not
              uploaded waits for quota, 5 when every such row was refused for
              credentials, else 1.

            WORK QUEUE
            With --queue postgres://..., nothing is sent here: one job per row (the photo's \
            absolute path, the NAMES of its variables or its credentials file, the options and \
            the API settings; never a secret) is added to the PostgreSQL queue, for \
            `profile-image worker` processes to send, each with the secrets in its own \
            environment. Workers keep quotas in the queue's database (--quota-store does not \
            apply): a spent account's jobs wait there until it frees. The same photo for the \
            same account with the same options is the same job: enqueuing twice adds nothing. \
            --journal and --report do not apply. Exit status 7 when the queue cannot be reached.
              profile-image upload-batch staff.csv \\
                --endpoint https://api.example.com/api/v1 --queue postgres://pik@db/pik
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
    @OptionGroup var queue: QueueArguments

    func validate() throws {
        if try queue.location != nil, journal != nil || report != nil {
            throw ValidationError("--journal and --report do not apply with --queue: see queue status")
        }
    }

    func run() async throws {
        if let url = try queue.location { return try await enqueue(url) }
        let interrupt = InterruptMonitor()
        let api = self.api
        try await QuotaStoreErrors.reporting {
            try await api.quotaStore.location().withStore { quotaStore in
                try await run(api: api, quotaStore: quotaStore, interrupt: interrupt)
            }
        }
    }

    private func run(api: APIArgumentsWithoutCredentials, quotaStore: any QuotaStore, interrupt: InterruptMonitor) async throws {
        try await AsyncHTTPClientTransport.withTransport(connectTimeout: api.connectDuration) { transport in
            let upload = UploadBatch(
                options: .init(
                    manifest: manifest, journal: journal, pipeline: pipeline.configuration, crop: pipeline.cropRectangle,
                    jobs: batch.jobs, client: { api.configuration($0) }),
                transport: transport, quotaStore: quotaStore)
            let rows: UploadManifest
            do {
                rows = try await upload.manifest()
            } catch let error as BatchError {
                throw ValidationFailure(error.message)
            }
            let reportWriter = try report.map(ReportWriter.init(path:))
            let progress = BatchProgress(total: rows.rows.count, live: batch.showsProgress, noun: "uploads")
            let summary = try await upload.run(rows, progress: progress, stopStarting: { interrupt.isInterrupted }) { record in
                try await reportWriter?.append(record.jsonLine)
                if record.status != .uploaded {
                    FileHandle.standardError.write(Data(((batch.showsProgress ? "\r\u{1B}[K" : "") + record.textLine + "\n").utf8))
                } else if batch.verbose {
                    print(record.textLine)
                }
            }
            try report(summary, progress: progress, interrupted: interrupt.isInterrupted)
        }
    }

    private func report(_ summary: UploadBatch.Summary, progress: BatchProgress, interrupted: Bool) throws {
        var text = progress.summary(title: "upload-batch")
        for (account, block) in summary.blocked.sorted(by: { $0.key < $1.key }) {
            text += "  account \(account): blocked until \(block.until.formatted(.iso8601))"
                + block.limitText + "\n"
        }
        if let unreachable = summary.unreachable { text += "  stopped: \(unreachable)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        if interrupted { throw ExitCode(130) }
        if summary.unreachable != nil { throw ExitCode(ExitStatus.network) }
        let failed = summary.statuses.filter { $0 != .uploaded }
        if failed.isEmpty { return }
        if failed.allSatisfy({ $0 == .throttled }) { throw ExitCode(ExitStatus.quotaExhausted) }
        if failed.allSatisfy({ $0 == .unauthorized }) { throw ExitCode(ExitStatus.unauthorized) }
        throw ExitCode(ExitStatus.someFailed)
    }

    /// `--queue`: one job per row, nothing sent here.
    private func enqueue(_ url: PostgresURL) async throws {
        let rows: UploadManifest
        do {
            rows = try UploadManifest(path: manifest, authentication: api.auth.authentication)
        } catch let error as BatchError {
            throw ValidationFailure(error.message)
        }
        let client = UploadClientSettings(
            endpoint: api.endpoint, authentication: api.auth.rawValue, uploadPath: api.uploadPath,
            timeoutSeconds: api.timeout, dailyLimit: api.dailyLimit)
        let plan = try UploadJob.plan(
            rows, settings: PipelineSettings(pipeline.configuration, crop: pipeline.cropRectangle), client: client)
        for (row, reason) in plan.refused {
            FileHandle.standardError.write(Data("\(row.imagePath): line \(row.line): not enqueued: \(reason)\n".utf8))
        }
        try await queue.enqueue(plan.jobs, url: url, noun: "upload")
        if !plan.refused.isEmpty { throw ExitCode(ExitStatus.someFailed) }
    }
}
