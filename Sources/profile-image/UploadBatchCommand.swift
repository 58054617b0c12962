import ArgumentParser
import Foundation
import ProfileImage
import ProfileUpload
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
            the manifest, on the command line, or in any output. Paths are relative to the \
            manifest's folder; a header row "image_path,..." and lines starting with # are skipped.

            Every row is processed as by upload. The quota ledger is consulted before each request: \
            an account known to be spent is skipped without processing or a request, while rows of \
            other accounts go on. Every outcome is appended to a journal (MANIFEST.journal.ndjson by \
            default), so a re-run uploads only what is still pending: rows already uploaded with the \
            same photo are skipped. The summary lists the accounts that are blocked, and until when.

            EXAMPLES
              export ADA_KEY=... ADA_TOKEN=... BOB_KEY=... BOB_TOKEN=...
              printf 'image_path,apikey_env,token_env\\nada.jpg,ADA_KEY,ADA_TOKEN\\nbob.png,BOB_KEY,BOB_TOKEN\\n' > staff.csv
              profile-image upload-batch staff.csv --endpoint https://api.example.com/api/v1 --report run.ndjson

            \(ExitStatus.help)
              For a batch: 6 when every row not uploaded waits for quota, 5 when every such row was
              refused for credentials, else 1.
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
        let ledger = try QuotaLedger(path: api.ledger)
        let uploader = PhotoUploader(
            pipeline: ProfileImagePipeline(configuration: pipeline.configuration), crop: pipeline.cropRectangle)
        let reportWriter = try report.map(ReportWriter.init(path:))
        let progress = BatchProgress(total: rows.count, live: batch.showsProgress, noun: "uploads")
        let interrupt = InterruptMonitor()
        var statuses: [UploadRecord.Status] = []
        var blocked: [String: (until: Date, limit: Int?)] = [:]
        try await AsyncHTTPClientTransport.withTransport { transport in
            _ = try await BatchRunner.run(count: rows.count, jobs: batch.jobs, interrupt: interrupt) { index in
                await Self.upload(rows[index], uploader: uploader, api: api, transport: transport, ledger: ledger,
                                  journal: journal)
            } completed: { _, outcome in
                let record = outcome.record
                statuses.append(record.status)
                progress.record(
                    failureCode: [.uploaded].contains(record.status) ? nil : record.status.rawValue,
                    skipped: outcome.skipped)
                if record.status == .throttled, let account = outcome.accountKey,
                    let quota = try? ledger.status(account: account), let until = quota.blockedUntil ?? outcome.until
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
        FileHandle.standardError.write(Data(summary.utf8))
        if interrupt.isInterrupted { throw ExitCode(130) }
        let failed = statuses.filter { $0 != .uploaded }
        if failed.isEmpty { return }
        if failed.allSatisfy({ $0 == .throttled }) { throw ExitCode(ExitStatus.quotaExhausted) }
        if failed.allSatisfy({ $0 == .unauthorized }) { throw ExitCode(ExitStatus.unauthorized) }
        throw ExitCode(ExitStatus.someFailed)
    }

    struct Outcome: Sendable {
        var record: UploadRecord
        var skipped = false
        var accountKey: String?
        var until: Date?
    }

    static func upload(
        _ row: UploadManifest.Row, uploader: PhotoUploader, api: APIArgumentsWithoutCredentials,
        transport: AsyncHTTPClientTransport, ledger: QuotaLedger, journal: UploadJournal
    ) async -> Outcome {
        let credentials: ProfileAPICredentials
        switch row.credentials {
        case .success(let loaded): credentials = loaded
        case .failure(let failure):
            return Outcome(
                record: UploadRecord(input: row.imagePath, status: .unauthorized, message: "line \(row.line): \(failure.description)"))
        }
        let client = ProfileAPIClient(configuration: api.configuration(credentials), transport: transport, ledger: ledger)
        let account = credentials.fingerprint
        let content = (FileManager.default.contents(atPath: row.imagePath)).map { ContentHash.hex($0) } ?? "unreadable"
        if journal.wasUploaded(line: row.line, content: content, account: account) {
            return Outcome(
                record: UploadRecord(input: row.imagePath, status: .uploaded, account: account, message: "already uploaded"),
                skipped: true)
        }
        // A spent account costs neither processing nor a request.
        if let quota = try? ledger.status(account: client.accountKey), let until = quota.blockedUntil {
            let wait = Int(until.timeIntervalSinceNow.rounded(.up))
            var record = UploadRecord(
                input: row.imagePath, status: .throttled, account: account, message: quota.lastServerMessage ?? "quota spent")
            record.retryAfter = wait
            record.decidedLocally = true
            try? journal.append(entry(row, content, account, record))
            return Outcome(record: record, accountKey: client.accountKey, until: until)
        }
        let record = await uploader.upload(row.imagePath, with: client)
        try? journal.append(entry(row, content, account, record))
        return Outcome(
            record: record, accountKey: client.accountKey,
            until: record.retryAfter.map { Date().addingTimeInterval(TimeInterval($0)) })
    }

    static func entry(_ row: UploadManifest.Row, _ content: String, _ account: String, _ record: UploadRecord)
        -> UploadJournal.Entry
    {
        UploadJournal.Entry(
            line: row.line, image: row.imagePath, content: content, account: account, status: record.status.rawValue,
            at: ISO8601DateFormatter().string(from: Date()))
    }
}
