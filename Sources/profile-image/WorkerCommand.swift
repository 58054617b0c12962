import ArgumentParser
import Foundation
import ProfileImageBatch
import ProfileQuotaPostgres
import ProfileUpload
import ProfileUploadAsyncHTTPClient
import ProfileWorkQueuePostgres

/// `profile-image worker`: drain a PostgreSQL work queue, alongside workers on other machines.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Do the jobs of a PostgreSQL work queue (process and upload-batch with --queue).",
        discussion: """
            Claims jobs one at a time per slot (--jobs) with FOR UPDATE SKIP LOCKED, holds each \
            under a lease renewed every third of --lease while it works, writes outputs as process \
            does (atomically, same names), and records the outcome in the statement that ends the \
            claim. A worker killed at any moment leaves its job to be claimed again once the lease \
            runs out. Failures worth retrying (unreadable input, write errors, 5xx, network) are \
            retried with exponential backoff up to --max-attempts, then failed with their code; an \
            invalid image fails at once. Upload jobs go through a PostgreSQL quota store in the \
            queue's database, shared by every worker: a spent account's jobs wait (waiting for \
            quota) until it frees. While the profile API is unreachable, no upload job is claimed \
            (the jobs are not failed for it). When PostgreSQL goes away the worker says so on \
            stderr and goes on once it is back.

            Prints one line per job ended on stdout: done, failed, retry, waiting or released, with \
            the input and the attempt. Ctrl-C (or SIGTERM) finishes the jobs in hand and stops.

            EXAMPLES
              export PROFILE_IMAGE_QUEUE=postgres://pik@db.internal/pik
              profile-image worker --jobs 2
              profile-image worker --exit-when-empty --lease 30

            EXIT STATUS
              0  stopped (interrupted, or the queue is empty with --exit-when-empty)
              2  usage error
              7  the queue's database cannot be reached at start
            """
    )

    @OptionGroup var queue: QueueArguments

    @Option(name: .shortAndLong, help: ArgumentHelp("Jobs worked on at once (default: one per core).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Seconds a claim holds without a heartbeat.", valueName: "seconds"))
    var lease: Double = 60

    @Option(help: ArgumentHelp("Attempts before a retryable failure is final.", valueName: "n"))
    var maxAttempts: Int = 5

    @Option(help: ArgumentHelp("Seconds before the first retry (doubled each time).", valueName: "seconds"))
    var backoff: Double = 2

    @Flag(help: "Stop once nothing is queued or running (jobs waiting for quota do not count).")
    var exitWhenEmpty = false

    @Option(help: ArgumentHelp("How long to keep trying to connect to the profile API, in seconds.", valueName: "s"))
    var connectTimeout: Double = 10

    @Flag(name: .shortAndLong, help: "No line per job.")
    var quiet = false

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
        guard lease >= 1 && lease <= 86_400 else { throw ValidationError("--lease must be 1 to 86400 seconds") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard backoff >= 0 else { throw ValidationError("--backoff must not be negative") }
        guard connectTimeout > 0 && connectTimeout <= 3_600 else {
            throw ValidationError("--connect-timeout must be more than 0 and at most 3600 seconds")
        }
    }

    func run() async throws {
        let url = try queue.requiredLocation
        let interrupt = InterruptMonitor()
        let options = QueueWorker.Options(
            jobs: jobs, lease: .milliseconds(Int64(lease * 1_000)), exitWhenEmpty: exitWhenEmpty,
            maxAttempts: maxAttempts,
            backoff: .milliseconds(Int64(backoff * 1_000)))
        let quiet = self.quiet
        try await queue.withQueue(url) { workQueue in
            // Upload jobs spend quota in the queue's own database, shared by every worker.
            try await PostgresQuotaStore.withStore(url: url) { quotaStore in
                try await AsyncHTTPClientTransport.withTransport(
                    connectTimeout: .milliseconds(Int64(connectTimeout * 1_000))
                ) {
                    transport in
                    let worker = QueueWorker(
                        queue: workQueue, options: options,
                        uploads: QueueWorker.Uploads(transport: transport, quotaStore: quotaStore))
                    FileHandle.standardError.write(
                        Data("worker \(worker.registration.id) on \(url.redacted) (queue \(queue.queueName))\n".utf8))
                    let (finished, queueTime) = await worker.run(stop: { interrupt.isInterrupted }) { event in
                        WorkerLog.write(event, quiet: quiet)
                    }
                    let milliseconds =
                        Double(queueTime.components.seconds) * 1_000 + Double(queueTime.components.attoseconds) / 1e15
                    let perJob = finished == 0 ? 0 : milliseconds / Double(finished)
                    let summary =
                        "worker \(worker.registration.id): \(finished) job(s) ended; claims and outcomes took "
                        + String(format: "%.2f", perJob) + " ms per job\n"
                    FileHandle.standardError.write(Data(summary.utf8))
                }
            }
        }
        if interrupt.isInterrupted { throw ExitCode(130) }
    }
}
