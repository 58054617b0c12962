import ArgumentParser
import Foundation
import ProfileImageBatch
import ProfileQuotaPostgres
import ProfileUpload
import ProfileWorkQueuePostgres

/// `--queue URL` and `--queue-name NAME`: the PostgreSQL work queue, for `process` and
/// `upload-batch` (which then enqueue instead of working) and for `worker` and `queue`.
struct QueueArguments: ParsableArguments {
    @Option(
        name: .customLong("queue"),
        help: ArgumentHelp(
            "A PostgreSQL work queue, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default: $PROFILE_IMAGE_QUEUE).",
            valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("Which queue of the database (many may share it).", valueName: "name"))
    var queueName: String = PostgresWorkQueue.defaultName

    /// The environment variable that names the queue when no option does.
    static let environmentVariable = "PROFILE_IMAGE_QUEUE"

    func validate() throws {
        if let text = url ?? ProcessInfo.processInfo.environment[Self.environmentVariable], !text.isEmpty {
            _ = try parsed(text)
        }
        guard !queueName.isEmpty else { throw ValidationError("--queue-name must not be empty") }
    }

    /// The queue's URL from `--queue` or the environment, `nil` when neither names one.
    var location: PostgresURL? {
        get throws {
            guard let text = url ?? ProcessInfo.processInfo.environment[Self.environmentVariable], !text.isEmpty else {
                return nil
            }
            return try parsed(text)
        }
    }

    /// The queue's URL, required.
    var requiredLocation: PostgresURL {
        get throws {
            guard let location = try location else {
                throw ValidationError(
                    "--queue postgres://USER@HOST/DATABASE is required (or $\(Self.environmentVariable))")
            }
            return location
        }
    }

    private func parsed(_ text: String) throws -> PostgresURL {
        do {
            return try PostgresURL(text)
        } catch let error as ProfileUploadError {
            throw ValidationError("--queue: \(error.message)")
        }
    }

    /// Runs `body` with the queue open; a queue that cannot be reached is reported on stderr
    /// (URL named, password hidden) with exit status 7.
    func withQueue<Result: Sendable>(_ url: PostgresURL, _ body: (PostgresWorkQueue) async throws -> Result)
        async throws
        -> Result
    {
        do {
            return try await PostgresWorkQueue.withQueue(url: url, name: queueName) { try await body($0) }
        } catch let error as BatchError where error.code == .queueUnavailable {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            throw ExitCode(ExitStatus.network)
        }
    }

    /// Enqueues `jobs` and prints what was added.
    func enqueue(_ jobs: [QueueJob], url: PostgresURL, noun: String) async throws {
        let count = try await withQueue(url) { try await $0.enqueue(jobs) }
        print(
            "enqueued \(count.enqueued) \(noun) job(s) on \(url.redacted) (queue \(queueName)); "
                + "\(count.alreadyPresent) already done or queued")
    }
}
