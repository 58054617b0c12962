import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ProfileImage
import ProfileQuotaPostgres
import ProfileQuotaSQLite
import ProfileUpload
import ProfileUploadAsyncHTTPClient
import Prometheus

/// The avatar upload service: a page where a person picks a photo and frames it, and the API
/// behind it that makes both files with the library's bounded processor and sends them to the
/// profile API with the library's client and quota store.
///
/// ```swift
/// let service = AvatarService(configuration: try AvatarServiceConfiguration())
/// try await service.run(port: 8090)
/// ```
public struct AvatarService: Sendable {
    /// What it was told.
    public let configuration: AvatarServiceConfiguration
    /// Where `/metrics` reads from: the library's metrics and the service's own.
    public let registry: PrometheusCollectorRegistry
    let processor: ProfileImageProcessor
    let results: ResultStore
    let requests: RequestLimit
    let metrics: ProfileMetrics
    let circuitBreaker = CircuitBreaker()
    let page: PageAssets
    /// Whether the face cascade is there; without it, a photo sent with no crop gets the
    /// attention crop.
    let faceCascadeReadable: Bool
    let logger: Logger

    /// Creates the service (not yet listening).
    /// - Parameter registry: where metrics are kept and `/metrics` reads them; by default the
    ///   one swift-prometheus' factory uses unless told otherwise.
    public init(
        configuration: AvatarServiceConfiguration,
        registry: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry,
        logger: Logger = Logger(label: "AvatarService")
    ) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        metrics = ProfileMetrics(factory: PrometheusMetricsFactory(registry: registry))
        processor = ProfileImageProcessor(
            configuration: .init(
                threads: configuration.processingThreads, admissionTimeout: .seconds(10),
                maxWaiting: configuration.maxWaiting),
            observer: metrics)
        results = ResultStore(
            lifetime: configuration.resultLifetime, maxResults: configuration.maxResults,
            maxBytes: configuration.maxResultBytes)
        requests = RequestLimit(limit: configuration.maxRequests)
        page = PageAssets(maxBodyBytes: configuration.maxBodyBytes)
        faceCascadeReadable = FileManager.default.isReadableFile(atPath: configuration.faceCascadePath)
        if !faceCascadeReadable {
            logger.warning(
                "no face cascade; suggested crops use the attention crop",
                metadata: ["path": "\(configuration.faceCascadePath)"])
        }
    }

    /// Listens on `host`:`port` (0 picks a free port) until the task is cancelled or the process
    /// gets SIGTERM or SIGINT, with the
    /// quota store and HTTP client it needs; `onRunning` receives the bound port.
    /// - Throws: ``AvatarServiceError`` for an unusable quota store URL, the store's error when
    ///   it cannot be opened, or the server's when it cannot listen.
    public func run(
        host: String = "127.0.0.1", port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        async throws
    {
        logger.info("starting", metadata: ["configuration": "\(configuration)"])
        try await withQuotaStore { store in
            try await AsyncHTTPClientTransport.withTransport { transport in
                let client = ProfileAPIClient(
                    configuration: .init(
                        baseURL: configuration.apiURL, credentials: configuration.credentials,
                        dailyLimit: configuration.dailyLimit),
                    transport: transport, quotaStore: store, circuitBreaker: circuitBreaker, processor: processor,
                    metrics: metrics, logger: logger)
                let application = Application(
                    router: router(uploading: AvatarUploader(client: client, quotaStore: store)),
                    // The idle timeout is at most a day (the configuration bounds it): it fits.
                    server: .http1(
                        configuration: .init(idleTimeout: .seconds(configuration.idleTimeout.components.seconds))),
                    configuration: .init(
                        address: .hostname(host, port: port), serverName: "AvatarService",
                        availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
                // SIGTERM or SIGINT (a load balancer draining the instance) stops it gracefully:
                // requests in flight finish, idle connections close.
                try await application.runService()
            }
        }
    }

    /// Runs `body` with the configured quota store open, or with none.
    private func withQuotaStore(_ body: ((any QuotaStore)?) async throws -> Void) async throws {
        guard let location = configuration.quotaStore else { return try await body(nil) }
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            let url = try PostgresURL(location)
            try await PostgresQuotaStore.withStore(url: url, logger: logger) { try await body($0) }
        } else if location.hasPrefix("sqlite:") {
            try await body(try await SQLiteQuotaStore.open(path: String(location.dropFirst("sqlite:".count))))
        } else {
            throw AvatarServiceError(
                code: .configuration,
                message:
                    "PROFILE_QUOTA_STORE must be postgres://… or sqlite:PATH, not \(AvatarServiceConfiguration.masked(location))"
            )
        }
    }
}
