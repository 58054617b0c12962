import Foundation

/// What a ``WorkQueue`` holds, for `profile-image queue status`: jobs per state, throughput,
/// workers and failures.
public struct QueueStatus: Sendable, Hashable {
    /// A job's state.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Waiting for a worker (perhaps until a retry's backoff is over).
        case queued
        /// Claimed by a worker, under a lease.
        case running
        /// Done: both outputs in place, or the upload taken.
        case done
        /// Failed for good, with a code.
        case failed
        /// Its account's quota is spent: claimable again when the quota frees.
        case waitingForQuota = "waiting_for_quota"
    }

    /// A worker seen in the table of workers.
    public struct Worker: Sendable, Hashable {
        /// Its id (host, process id, random part).
        public var id: String
        /// Its machine.
        public var host: String
        /// Its process id there.
        public var pid: Int
        /// When it last said it was alive.
        public var lastHeartbeat: Date
        /// Seconds since then, by the database's clock.
        public var secondsSinceHeartbeat: Double
        /// Jobs it has ended.
        public var finished: Int

        /// Creates a worker's line.
        public init(
            id: String, host: String, pid: Int, lastHeartbeat: Date, secondsSinceHeartbeat: Double, finished: Int
        ) {
            self.id = id
            self.host = host
            self.pid = pid
            self.lastHeartbeat = lastHeartbeat
            self.secondsSinceHeartbeat = secondsSinceHeartbeat
            self.finished = finished
        }
    }

    /// A job that failed for good.
    public struct Failure: Sendable, Hashable {
        /// The photo.
        public var input: String
        /// The stable code.
        public var code: String
        /// What happened.
        public var message: String
        /// How many attempts it had.
        public var attempts: Int

        /// Creates a failure's line.
        public init(input: String, code: String, message: String, attempts: Int) {
            self.input = input
            self.code = code
            self.message = message
            self.attempts = attempts
        }
    }

    /// The queue's name.
    public var queue: String
    /// Jobs per state (every state present, 0 when none).
    public var counts: [State: Int]
    /// Jobs ended done in the last minute.
    public var doneLastMinute: Int
    /// Workers seen, most recent heartbeat first.
    public var workers: [Worker]
    /// Failed jobs (at most the first 100), and how many there are in all in ``counts``.
    public var failures: [Failure]
    /// Upload jobs done after more than one attempt: their photo may have reached the server more
    /// than once (an answer lost in a crash or a timeout).
    public var uploadsTriedMoreThanOnce: Int

    /// Creates a status.
    public init(
        queue: String, counts: [State: Int], doneLastMinute: Int, workers: [Worker], failures: [Failure],
        uploadsTriedMoreThanOnce: Int
    ) {
        self.queue = queue
        self.counts = counts
        self.doneLastMinute = doneLastMinute
        self.workers = workers
        self.failures = failures
        self.uploadsTriedMoreThanOnce = uploadsTriedMoreThanOnce
    }

    /// One JSON object: `{"queue":..,"counts":{"queued":..,...},"done_last_minute":..,
    /// "workers":[...],"failures":[...],"uploads_tried_more_than_once":..}`.
    public var json: String {
        var line = JSONLine()
        line.add("queue", queue)
        var counts = JSONLine()
        for state in State.allCases { counts.add(state.rawValue, self.counts[state] ?? 0) }
        line.add("counts", counts)
        line.add("done_last_minute", doneLastMinute)
        line.add(
            "workers",
            .array(
                workers.map { worker in
                    var object = JSONLine()
                    object.add("id", worker.id)
                    object.add("host", worker.host)
                    object.add("pid", worker.pid)
                    object.add("last_heartbeat", worker.lastHeartbeat.formatted(.iso8601))
                    object.add("seconds_since_heartbeat", .double((worker.secondsSinceHeartbeat * 10).rounded() / 10))
                    object.add("finished", worker.finished)
                    return .object(object)
                }))
        line.add(
            "failures",
            .array(
                failures.map { failure in
                    var object = JSONLine()
                    object.add("input", failure.input)
                    object.add("code", failure.code)
                    object.add("message", failure.message)
                    object.add("attempts", failure.attempts)
                    return .object(object)
                }))
        line.add("uploads_tried_more_than_once", uploadsTriedMoreThanOnce)
        return line.text
    }

    /// Lines for a terminal.
    public var text: String {
        var text = "queue \(queue): "
        text += State.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue.replacingOccurrences(of: "_", with: " "))" }
            .joined(separator: ", ")
        text += "\n  \(doneLastMinute) done in the last minute\n"
        if uploadsTriedMoreThanOnce > 0 {
            text +=
                "  \(uploadsTriedMoreThanOnce) upload(s) done after more than one attempt (may have been sent twice)\n"
        }
        text += workers.isEmpty ? "  no workers\n" : "  workers:\n"
        for worker in workers {
            text +=
                "    \(Self.printable(worker.id)): last heartbeat \(Int(worker.secondsSinceHeartbeat)) s ago, \(worker.finished) job(s) ended\n"
        }
        if !failures.isEmpty { text += "  failures:\n" }
        for failure in failures {
            let line = "\(failure.input): \(failure.code): \(failure.message) (\(failure.attempts) attempt(s))"
            text += "    " + Self.printable(line) + "\n"
        }
        return text
    }

    /// `line` with control characters (C0, DEL, C1) shown as `\u{XX}`: file names and server
    /// messages come from outside and must not move a terminal's cursor or change its colours.
    static func printable(_ line: String) -> String {
        var shown = ""
        for scalar in line.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}
