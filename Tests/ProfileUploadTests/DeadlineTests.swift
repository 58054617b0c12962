import Testing

@testable import ProfileUpload

@Suite("Deadline: a bound that holds when the work does not listen")
struct DeadlineTests {
    struct TimedOut: Error {}

    @Test("work that ignores cancellation for 20 s is cut off at the limit, not waited for")
    func workThatIgnoresCancellation() async throws {
        let started = ContinuousClock.now
        await #expect(throws: TimedOut.self) {
            try await Deadline.run(within: .milliseconds(200), timedOut: { TimedOut() }) {
                // A pool retrying connects: it finishes its wait whatever happens (a detached
                // sleep, which the work's cancellation does not reach, and no spinning).
                _ = await Task.detached { try? await Task.sleep(for: .seconds(20)) }.value
                return 1
            }
        }
        #expect(ContinuousClock.now - started < .seconds(10), "the caller waited for the work")
    }

    @Test("a result before the limit is returned, and an error is passed on")
    func resultAndError() async throws {
        let value = try await Deadline.run(within: .seconds(30), timedOut: { TimedOut() }) { 42 }
        #expect(value == 42)
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await Deadline.run(within: .seconds(30), timedOut: { TimedOut() }) { () async throws -> Int in throw Failure() }
        }
    }

    @Test("a caller cancelled gets what the work throws when it is cancelled")
    func callerCancelled() async throws {
        struct Stopped: Error {}
        let task = Task {
            try await Deadline.run(within: .seconds(30), timedOut: { TimedOut() }) { () async throws -> Int in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    throw Stopped()
                }
                return 0
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: Stopped.self) { try await task.value }
    }
}
