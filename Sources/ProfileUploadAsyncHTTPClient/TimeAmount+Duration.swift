import NIOCore

extension TimeAmount {
    /// The same span in NIO's nanoseconds, clamped to what an `Int64` holds (a caller may pass a
    /// timeout of years; it must not trap).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        self = .nanoseconds(overflow || overflowAgain ? (seconds < 0 ? .min : .max) : total)
    }
}
