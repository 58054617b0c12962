import Synchronization
import Testing

@testable import ProfileUpload

@Suite("Deadline: a bound that holds when the work does not listen")
struct DeadlineTests {
    struct TimedOut: Error {}

    /// A wait that cancellation does not end: only `open()` does.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

        func wait() async {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.open { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }

        func open() {
            state.withLock { state in
                state.open = true
                return state.waiter.take()
            }?.resume()
        }
    }

    // Timing is not asserted (a busy test process may delay any task): the work cannot end
    // until the gate opens, and the gate opens only after the deadline has answered.
    @Test("work that ignores cancellation is cut off at the limit, not waited for", .timeLimit(.minutes(2)))
    func workThatIgnoresCancellation() async throws {
        let gate = Gate()
        await #expect(throws: TimedOut.self) {
            try await Deadline.run(within: .milliseconds(200), timedOut: { TimedOut() }) {
                // A pool retrying connects: it finishes its wait whatever happens.
                await gate.wait()
                return 1
            }
        }
        gate.open()
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
