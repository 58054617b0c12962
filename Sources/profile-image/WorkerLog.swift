import Foundation
import ProfileImageBatch

/// The lines `profile-image worker` prints: one per job ended on stdout (each one write, so lines
/// of several slots never mix), troubles on stderr.
enum WorkerLog {
    static func write(_ event: QueueWorker.Event, quiet: Bool) {
        switch event {
        case .finished(let job, let outcome, let recorded):
            guard !quiet || !recorded else { return }
            let line: String
            switch outcome {
            case .done: line = "done \(job.input) (job \(job.id), attempt \(job.attempt))"
            case .failed(let code, let message, _): line = "failed \(job.input) (job \(job.id)): \(code): \(message)"
            case .retry(let code, let message, let after):
                line =
                    "retry \(job.input) (job \(job.id), attempt \(job.attempt)) in \(after.formatted(.units(allowed: [.seconds]))): \(code): \(message)"
            case .waitForQuota(let until, let message):
                line = "waiting \(job.input) (job \(job.id)) until \(until.formatted(.iso8601)): \(message)"
            case .release(_, let message): line = "released \(job.input) (job \(job.id)): \(message)"
            }
            let text = recorded ? line : "lease lost, not recorded: " + line
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        case .leaseLost(let job):
            FileHandle.standardError.write(
                Data("warning: the lease of job \(job.id) (\(job.input)) was taken over\n".utf8))
        case .queueUnavailable(let message):
            FileHandle.standardError.write(Data("warning: \(message); trying again\n".utf8))
        case .uploadsPaused(let duration, let message):
            FileHandle.standardError.write(
                Data(
                    "warning: no upload claimed for \(duration.formatted(.units(allowed: [.seconds]))): \(message)\n"
                        .utf8))
        }
    }
}
