import ArgumentParser
import Foundation
import ProfileImageBatch

/// `profile-image queue`: look at and tend a PostgreSQL work queue.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show or tend a PostgreSQL work queue: status, retry-failed, purge.",
        subcommands: [Status.self, RetryFailed.self, Purge.self]
    )

    /// `queue status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Jobs per state, completions in the last minute, workers and failures.",
            discussion: """
                States: queued (perhaps until a retry's backoff ends), running (claimed under a \
                lease), done, failed (with a code), waiting_for_quota (an upload for a spent \
                account, due when it frees). Workers are listed with their last heartbeat; one \
                killed stays listed, its heartbeat ageing. --json prints one object:
                  {"queue":..,"counts":{"queued":..,"running":..,"done":..,"failed":..,
                   "waiting_for_quota":..},"done_last_minute":..,"workers":[{"id","host","pid",
                   "last_heartbeat","seconds_since_heartbeat","finished"}],
                   "failures":[{"input","code","message","attempts"}],
                   "uploads_tried_more_than_once":..}
                """)

        @OptionGroup var queue: QueueArguments

        @Flag(help: "One JSON object.")
        var json = false

        func run() async throws {
            let url = try queue.requiredLocation
            let status = try await queue.withQueue(url) { try await $0.status() }
            print(json ? status.json : status.text, terminator: json ? "\n" : "")
        }
    }

    /// `queue retry-failed`.
    struct RetryFailed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry-failed", abstract: "Queue every failed job again, its attempts reset.")

        @OptionGroup var queue: QueueArguments

        func run() async throws {
            let url = try queue.requiredLocation
            let count = try await queue.withQueue(url) { try await $0.retryFailed() }
            print("\(count) failed job(s) queued again")
        }
    }

    /// `queue purge`.
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove every job, completion and worker of the queue (outputs are left alone).")

        @OptionGroup var queue: QueueArguments

        func run() async throws {
            let url = try queue.requiredLocation
            let count = try await queue.withQueue(url) { try await $0.purge() }
            print("\(count) job(s) removed")
        }
    }
}
