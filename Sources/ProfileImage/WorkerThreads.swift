import Foundation
import Synchronization

/// Threads of their own for blocking work (decoding, encoding, file I/O), so that it never holds
/// one of Swift's few cooperative threads: jobs wait in a queue and each thread takes the next.
///
/// The threads sleep on a semaphore while there is nothing to do; the queue is behind a `Mutex`
/// held only to push or pop a job. ``stop()`` lets the jobs already queued finish and then ends
/// every thread.
package final class WorkerThreads: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var stopping = false
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    let count: Int

    init(count: Int, name: String) {
        self.count = max(1, count)
        for index in 0..<self.count {
            let thread = Thread { [self] in run() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Queues `job` for the next free thread.
    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(job) }
        available.signal()
    }

    /// Ends every thread once the queued jobs are done.
    func stop() {
        queue.withLock { $0.stopping = true }
        for _ in 0..<count { available.signal() }
    }

    /// The thread-dictionary key that marks a worker thread.
    private static let marker = "ProfileImageKit.WorkerThreads"

    /// Whether the calling thread is one of some `WorkerThreads`' (and not, say, one of Swift's
    /// cooperative threads).
    package static var isWorkerThread: Bool { Thread.current.threadDictionary[marker] as? Bool == true }

    private func run() {
        Thread.current.threadDictionary[Self.marker] = true
        while true {
            available.wait()
            let job: (@Sendable () -> Void)? = queue.withLock { queue in
                guard queue.head < queue.jobs.count else { return nil }
                let job = queue.jobs[queue.head]
                queue.head += 1
                // Drop what was taken now and then, so the array does not grow for ever.
                if queue.head > 64 && queue.head * 2 > queue.jobs.count {
                    queue.jobs.removeFirst(queue.head)
                    queue.head = 0
                }
                return job
            }
            guard let job else {
                if queue.withLock({ $0.stopping }) { return }
                continue
            }
            job()
        }
    }
}
