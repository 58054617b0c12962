/// Told how each job of a ``ProfileImageProcessor`` ended: how a service feeds its metrics
/// without the core depending on a metrics package. ProfileUpload's `ProfileMetrics` is one that
/// reports through swift-metrics.
///
/// ``processed(_:source:)`` is called on the processor's worker thread, ``failed(_:)`` on the
/// caller's task: either way it must return quickly and never block.
public protocol ProcessingObserver: Sendable {
    /// A job made both outputs, in these times.
    func processed(_ timings: StageTimings, source: ImageInfo)
    /// A job failed, or was refused (``ProfileImageError/Code/busy``), with this code.
    func failed(_ code: ProfileImageError.Code)
}
