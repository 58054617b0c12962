import Foundation

/// When a started process has ended, told by its `terminationHandler` rather than by
/// `waitUntilExit()`: that one spins the waiting thread's run loop until Foundation's own thread
/// has seen the child go, and parked for good under load after some hundreds of runs elsewhere
/// (a suite that never finished). A handler set before `run()` cannot miss a fast exit.
final class ProcessEnd: Sendable {
    private let ended = DispatchSemaphore(value: 0)

    /// Sets the handler on `process` and starts it.
    init(starting process: Process) throws {
        process.terminationHandler = { [ended] _ in ended.signal() }
        try process.run()
    }

    /// Blocks (a dispatch thread, never a cooperative one) until the process has ended or
    /// `seconds` have passed; true when it has ended.
    func wait(seconds: TimeInterval) -> Bool {
        guard ended.wait(timeout: .now() + seconds) == .success else { return false }
        ended.signal()  // ended stays ended for any later wait
        return true
    }

    /// Waits, politely on the cooperative pool, until the process has ended or `seconds` have
    /// passed; true when it has ended.
    func ended(within seconds: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if wait(seconds: 0) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return wait(seconds: 0)
    }
}
