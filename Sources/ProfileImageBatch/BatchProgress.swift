import Foundation
import Synchronization

/// Counts a batch as it goes: a live progress line on a terminal, and the final summary.
public final class BatchProgress: Sendable {
    struct State {
        var done = 0
        var skipped = 0
        var failedByCode: [String: Int] = [:]
        var bytesIn = 0
        var bytesOut = 0
        var lastDraw = ContinuousClock.now
    }

    private let state = Mutex(State())
    private let total: Int
    private let started = ContinuousClock.now
    private let live: Bool
    private let noun: String

    /// A count of `total` items of `noun` ("files", "uploads"); `live` draws the progress line on
    /// stderr (a terminal, not `--quiet`).
    public init(total: Int, live: Bool, noun: String = "files") {
        self.total = total
        self.live = live
        self.noun = noun
    }

    /// Whether stderr is a terminal, where a progress line belongs.
    public static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// Counts one item done: failed with `failureCode`, or skipped as already done, and its bytes.
    public func record(failureCode: String?, skipped: Bool = false, bytesIn: Int = 0, bytesOut: Int = 0) {
        let line: String? = state.withLock { state in
            state.done += 1
            if skipped { state.skipped += 1 }
            if let failureCode { state.failedByCode[failureCode, default: 0] += 1 }
            state.bytesIn += bytesIn
            state.bytesOut += bytesOut
            let now = ContinuousClock.now
            guard live, now - state.lastDraw > .milliseconds(100) || state.done == total else { return nil }
            state.lastDraw = now
            return progressLine(state, now: now)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    private func progressLine(_ state: State, now: ContinuousClock.Instant) -> String {
        let elapsed = seconds(now - started)
        let rate = elapsed > 0 ? Double(state.done) / elapsed : 0
        let eta = rate > 0 ? Int(Double(total - state.done) / rate) : 0
        let failures = state.failedByCode.values.reduce(0, +)
        return "\r\u{1B}[K\(state.done)/\(total) \(noun)  \(String(format: "%.1f", rate))/s  ETA \(eta / 60):"
            + String(format: "%02d", eta % 60) + "  failed \(failures)"
    }

    /// The summary: counts, failures by code, bytes, time and throughput.
    public func summary(title: String) -> String {
        let state = state.withLock { $0 }
        let elapsed = seconds(ContinuousClock.now - started)
        let failures = state.failedByCode.values.reduce(0, +)
        var lines = [
            "\(title): \(state.done - failures) of \(total) done"
                + (state.skipped > 0 ? " (\(state.skipped) already up to date)" : "")
                + (state.done < total ? ", \(total - state.done) not started" : "")
                + ", \(failures) failed"
        ]
        if failures > 0 {
            lines.append(
                "  failed by code: "
                    + state.failedByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if state.bytesIn > 0 {
            lines.append("  bytes: \(megabytes(state.bytesIn)) in, \(megabytes(state.bytesOut)) out")
        }
        let worked = state.done - state.skipped
        lines.append(
            "  time: \(String(format: "%.2f", elapsed)) s, "
                + "\(String(format: "%.1f", elapsed > 0 ? Double(worked) / elapsed : 0)) \(noun)/s")
        return (live ? "\r\u{1B}[K" : "") + lines.joined(separator: "\n") + "\n"
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
