/// Told how each job of a ``ProfileImageProcessor`` ended: how a service feeds its metrics
/// without the core depending on a metrics package. ProfileUpload's `ProfileMetrics` is one that
/// reports through swift-metrics.
///
/// Called on the processor's worker thread (or the caller's task, for a job refused before it
/// ran), so it must return quickly and never block.
public protocol ProcessingObserver: Sendable {
    /// A job made both outputs, in these times.
    func processed(_ timings: StageTimings, source: ImageInfo)
    /// A job failed, or was refused (``ProfileImageError/Code/busy``), with this code.
    func failed(_ code: ProfileImageError.Code)
}
