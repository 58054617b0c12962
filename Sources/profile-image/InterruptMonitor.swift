import Dispatch
import Foundation
import Synchronization

/// Ctrl-C for batch commands: the first SIGINT (or SIGTERM) stops new work from starting so the
/// files in flight finish and the summary is printed; a second one exits at once. Outputs are
/// written atomically, so even then no partial file is left behind.
final class InterruptMonitor: Sendable {
    private let interrupted = Atomic<Int>(0)
    /// Only holds the sources alive: assigned once in init, never read or changed again, so
    /// sharing the reference across threads is safe although dispatch sources are not Sendable.
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

    init() {
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: signalNumber, queue: .global()))
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [self] in onSignal() }
            source.resume()
        }
    }

    private func onSignal() {
        if interrupted.add(1, ordering: .sequentiallyConsistent).newValue == 1 {
            FileHandle.standardError.write(
                Data("\nInterrupted: finishing the files in progress (Ctrl-C again to stop now)\n".utf8))
        } else {
            Foundation.exit(130)
        }
    }

    var isInterrupted: Bool { interrupted.load(ordering: .sequentiallyConsistent) > 0 }
}
