import CoreMetrics

/// Where the library's measurements go: swift-metrics timers and counters, under the names in
/// ``Name``. A service bootstraps its backend (swift-prometheus, say) and hands the processor
/// and the clients ``bootstrapped``, or passes its factory to ``init(factory:)``.
///
/// With no backend bootstrapped, ``bootstrapped`` is ``none``: nothing is made or recorded, so a
/// caller that wants no metrics pays nothing for them.
public struct ProfileMetrics: Sendable {
    /// The metric names: Prometheus style, durations in seconds.
    public enum Name {
        /// Timer: reading the header and decoding (with the `image` output's streamed resampling).
        public static let decode = "profile_image_decode_seconds"
        /// Timer: resampling done apart from the decode.
        public static let resample = "profile_image_resample_seconds"
        /// Timer: placing a face or attention crop.
        public static let framing = "profile_image_crop_framing_seconds"
        /// Timer: colour conversion and encoding both outputs.
        public static let encode = "profile_image_encode_seconds"
        /// Counter, by `outcome` (`processed`, `failed`) and `code` (a ``ProfileImage/ProfileImageError/Code``).
        public static let jobs = "profile_image_jobs_total"
        /// Timer, by `outcome`: one upload from the first check of its files to the answer.
        public static let upload = "profile_upload_seconds"
        /// Counter, by `outcome` (`success`, `validation_failed`, `unauthorized`, `throttled`,
        /// `server_error`, `failed`) and `code` (the HTTP status, or the error's code).
        public static let uploads = "profile_upload_total"
        /// Counter, by `decided_by` (`store`: refused before any request; `server`: a 429).
        public static let quotaRefusals = "profile_upload_quota_refusals_total"
    }

    let factory: (any MetricsFactory)?

    /// Records into `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    private init(noFactory: Void) {
        factory = nil
    }

    /// Records nothing.
    public static let none = ProfileMetrics(noFactory: ())

    /// The backend the process bootstrapped (`MetricsSystem.bootstrap`), read when called;
    /// ``none`` when none was.
    public static var bootstrapped: ProfileMetrics {
        let factory = MetricsSystem.factory
        return factory is NOOPMetricsHandler ? .none : ProfileMetrics(factory: factory)
    }

    /// Whether anything is recorded.
    public var isRecording: Bool { factory != nil }

    func record(_ name: String, _ duration: Duration, _ dimensions: [(String, String)] = []) {
        guard let factory else { return }
        let nanoseconds = Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
        // Clamped: a duration is never negative, and none of a job's comes near 292 years.
        Timer(label: name, dimensions: dimensions, factory: factory).recordNanoseconds(
            Int64(min(max(nanoseconds, 0), 9e18)))
    }

    func increment(_ name: String, _ dimensions: [(String, String)]) {
        guard let factory else { return }
        Counter(label: name, dimensions: dimensions, factory: factory).increment()
    }
}
