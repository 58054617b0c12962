import Foundation
import ProfileQuotaSQLite
import ProfileUpload
import Synchronization
import Testing

@Suite("SQLite quota store under contention")
struct SQLiteQuotaStoreTests {
    /// Another process holds the database's write lock for 1.5 s while sixteen tasks ask for slots.
    /// Waiting for the lock happens on GRDB's own dispatch queue, so Swift's cooperative threads
    /// (two on this machine) stay free: a task ticking every 10 ms keeps ticking throughout. Had
    /// the waits blocked those threads, it would not tick at all until the lock was released
    /// (tried: with GRDB's blocking API in the store, 0 ticks). The other suites share the pool
    /// while this runs, so how often it ticks varies; that it ticks at all is the point.
    @Test("waiting for another process's write lock holds no cooperative thread")
    func contentionLeavesThePoolFree() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pik-contention-\(UUID().uuidString).sqlite").path
        let store = try SQLiteQuotaStore(path: path)
        _ = try await store.reserve(account: "warm-up", configuredLimit: nil)

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                + "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(3); "
                + "t = time.time(); c.execute('COMMIT'); print(t, flush=True)",
            path,
        ]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        // Wait (on a dispatch thread) until the other process holds the lock.
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: String(decoding: out.fileHandleForReading.availableData, as: UTF8.self))
            }
        }
        #expect(line.hasPrefix("locked"))

        // When each tick ran, by the wall clock the other process's commit time is read on.
        let tickTimes = Mutex<[Double]>([])
        let finished = Atomic<Bool>(false)
        async let ticking: Void = {
            while !finished.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(10))
                let now = Date().timeIntervalSince1970
                tickTimes.withLock { $0.append(now) }
            }
        }()
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    if case .granted = try await store.reserve(account: "contended-\(index % 4)", configuredLimit: 2) { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let done = Date().timeIntervalSince1970
        finished.store(true, ordering: .relaxed)
        await ticking
        // Not waitUntilExit(), which spins a run loop on this cooperative thread and can park for
        // good in a test process that has run hundreds of others.
        while holder.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        // The moment just before the other process committed, by its own clock reading.
        let rest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let committing = try #require(Double(rest.trimmingCharacters(in: .whitespacesAndNewlines)), "\(rest)")
        #expect(granted == 8, "four accounts, two slots each")
        #expect(done >= committing, "the reservations really waited for the lock")
        // Sixteen reservations blocking the pool's threads in SQLite's busy wait would allow no tick
        // at all until the lock went. How many more come depends on what other suites run on the
        // same two-thread pool meanwhile (CPU-bound image tests), so the count is no measure.
        let whileLocked = tickTimes.withLock { $0.filter { $0 < committing }.count }
        #expect(whileLocked >= 1, "the cooperative pool kept running while the lock was held: \(whileLocked) ticks")
    }
}
