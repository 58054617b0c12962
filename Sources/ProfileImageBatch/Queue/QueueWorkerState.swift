import Foundation
import Synchronization

/// What the job slots of one ``QueueWorker`` share: how many jobs it ended, and whether upload
/// jobs are paused because the profile API is unreachable.
final class QueueWorkerState: Sendable {
    private struct Shared {
        var finished = 0
        var uploadsPausedUntil: ContinuousClock.Instant?
        var networkFailuresInARow = 0
        var queueTime: Duration = .zero
    }

    private let shared = Mutex(Shared())

    /// Jobs ended so far.
    var finished: Int { shared.withLock { $0.finished } }

    /// Counts one more job ended, whose claim and finish took `queueTime` on the queue.
    func countFinished(queueTime: Duration) {
        shared.withLock {
            $0.finished += 1
            $0.queueTime += queueTime
        }
    }

    /// Time spent claiming and ending the jobs ended so far (waits on an empty queue left out).
    var queueTime: Duration { shared.withLock { $0.queueTime } }

    /// Whether upload jobs may be claimed now.
    var uploadsAllowed: Bool {
        shared.withLock { shared in
            guard let until = shared.uploadsPausedUntil else { return true }
            if ContinuousClock.now >= until {
                shared.uploadsPausedUntil = nil
                return true
            }
            return false
        }
    }

    /// Claims no upload job for `duration`; `false` if they were paused already.
    @discardableResult
    func pauseUploads(for duration: Duration) -> Bool {
        shared.withLock { shared in
            let until = ContinuousClock.now + duration
            defer { shared.uploadsPausedUntil = max(until, shared.uploadsPausedUntil ?? until) }
            return shared.uploadsPausedUntil == nil
        }
    }

    /// Records an upload that found no answer from the server; returns how many in a row did.
    func networkFailure() -> Int {
        shared.withLock {
            $0.networkFailuresInARow += 1; return $0.networkFailuresInARow
        }
    }

    /// Records an answer from the server.
    func serverAnswered() { shared.withLock { $0.networkFailuresInARow = 0 } }
}
