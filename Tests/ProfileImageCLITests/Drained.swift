import Foundation
import Synchronization

/// Everything a pipe's reading end gives until its end, read on a thread of its own, so that a
/// caller can wait for the writer with a deadline instead of blocking on the read.
final class Drained: Sendable {
    private let bytes = Mutex(Data())
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let data = handle.readDataToEndOfFile()
            bytes.withLock { $0 = data }
            finished.signal()
        }
    }

    /// The text read, once the writing end has closed (the writer ended or was killed).
    func text() -> String {
        finished.wait()
        finished.signal()  // read again, it is still there
        return String(decoding: bytes.withLock { $0 }, as: UTF8.self)
    }
}
