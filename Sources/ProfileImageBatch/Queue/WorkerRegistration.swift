/// A worker as the queue's table of workers knows it: registered at start, its heartbeat
/// renewed while it runs.
public struct WorkerRegistration: Sendable, Hashable {
    /// Unique for the worker's life: host, process id and a random part.
    public var id: String
    /// The machine it runs on.
    public var host: String
    /// Its process id on that machine.
    public var pid: Int
    /// How many jobs it works on at once.
    public var jobs: Int
    /// How many jobs it has ended so far (done, failed, retried or waiting).
    public var finished: Int

    /// Creates a registration.
    public init(id: String, host: String, pid: Int, jobs: Int, finished: Int = 0) {
        self.id = id
        self.host = host
        self.pid = pid
        self.jobs = jobs
        self.finished = finished
    }
}
