import Foundation
import ProfileUpload

/// What the service needs to know, read from the environment by ``init(environment:)``:
///
/// | variable | meaning | default |
/// | --- | --- | --- |
/// | `PROFILE_API_URL` | the profile API's base URL, e.g. `https://host/api/v1` | required |
/// | `PROFILE_API_KEY`, `PROFILE_ACCESS_TOKEN` | the account's secrets | required |
/// | `PROFILE_QUOTA_STORE` | `postgres://…` (a fleet) or `sqlite:PATH` (one instance) | none: only the API's 429 |
/// | `PROFILE_DAILY_LIMIT` | the account's updates a day, when known | learned from the API |
/// | `AVATAR_MAX_BODY_BYTES` | largest request body | 25 MB |
/// | `AVATAR_BODY_GRACE` | seconds a body may take before the rate counts | 10 |
/// | `AVATAR_MIN_BODY_RATE` | bytes a second a body must average after that | 50 000 |
/// | `AVATAR_IDLE_TIMEOUT` | seconds a connection may send nothing | 15 |
/// | `AVATAR_MAX_CONNECTIONS` | connections open at once | 512 |
/// | `AVATAR_MAX_REQUESTS` | uploads handled at once; one more gets 503 | 8 |
/// | `AVATAR_PROCESSING_THREADS` | threads that decode and encode | one per core |
/// | `AVATAR_MAX_WAITING` | uploads waiting for a thread; one more gets 503 | 8 |
/// | `AVATAR_RESULT_TTL` | seconds results stay fetchable | 900 |
/// | `AVATAR_FACE_CASCADE` | the Haar cascade for suggested crops | OpenCV's, from Debian's opencv-data |
public struct AvatarServiceConfiguration: Sendable, CustomStringConvertible {
    /// The profile API's base URL.
    public var apiURL: String
    /// The account's secrets.
    public var credentials: ProfileAPICredentials
    /// The quota store's URL, if any (`postgres://…` or `sqlite:PATH`).
    public var quotaStore: String?
    /// The account's daily limit, when known.
    public var dailyLimit: Int?
    /// Largest request body, in bytes.
    public var maxBodyBytes: Int
    /// How long a body may take before its rate is checked.
    public var bodyGrace: Duration
    /// Bytes a second a body must average once ``bodyGrace`` has passed.
    public var minBodyRate: Int
    /// How long a connection may send nothing before it is closed.
    public var idleTimeout: Duration
    /// Connections open at once; more wait to be accepted.
    public var maxConnections: Int
    /// Uploads handled at once.
    public var maxRequests: Int
    /// Threads that decode and encode.
    public var processingThreads: Int
    /// Uploads that may wait for a processing thread.
    public var maxWaiting: Int
    /// How long results stay fetchable.
    public var resultLifetime: Duration
    /// Results kept at most (the oldest go first).
    public var maxResults: Int
    /// Bytes of results kept at most (the oldest go first).
    public var maxResultBytes: Int
    /// The Haar cascade the suggested crop uses.
    public var faceCascadePath: String

    /// Creates a configuration; the limits default as the table above says. Durations are kept
    /// between a second and a day, counts and sizes at least 1.
    public init(
        apiURL: String, credentials: ProfileAPICredentials, quotaStore: String? = nil, dailyLimit: Int? = nil,
        maxBodyBytes: Int = 25_000_000, bodyGrace: Duration = .seconds(10), minBodyRate: Int = 50_000,
        idleTimeout: Duration = .seconds(15), maxConnections: Int = 512, maxRequests: Int = 8,
        processingThreads: Int = ProcessInfo.processInfo.activeProcessorCount, maxWaiting: Int = 8,
        resultLifetime: Duration = .seconds(900), maxResults: Int = 256, maxResultBytes: Int = 256_000_000,
        faceCascadePath: String = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"
    ) {
        func bounded(_ duration: Duration) -> Duration { min(max(duration, .seconds(1)), .seconds(86_400)) }
        self.apiURL = apiURL
        self.credentials = credentials
        self.quotaStore = quotaStore
        self.dailyLimit = dailyLimit
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.bodyGrace = bounded(bodyGrace)
        self.minBodyRate = max(1, minBodyRate)
        self.idleTimeout = bounded(idleTimeout)
        self.maxConnections = max(1, maxConnections)
        self.maxRequests = max(1, maxRequests)
        self.processingThreads = max(1, processingThreads)
        self.maxWaiting = max(0, maxWaiting)
        self.resultLifetime = bounded(resultLifetime)
        self.maxResults = max(1, maxResults)
        self.maxResultBytes = max(1, maxResultBytes)
        self.faceCascadePath = faceCascadePath
    }

    /// Reads the variables of the table above.
    /// - Throws: ``AvatarServiceError`` with code `configuration`, naming the variable, when a
    ///   required one is missing, the API URL is not an http(s) URL with a host, or a number is
    ///   not one (or is 0 where 0 would stop the service working: the timeouts and lifetimes).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw AvatarServiceError(code: .configuration, message: "\(name) is not set")
            }
            return value
        }
        func number(_ name: String, minimum: Int = 0) throws -> Int? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let value = Int(text), value >= minimum else {
                throw AvatarServiceError(
                    code: .configuration,
                    message: "\(name) must be a whole number of at least \(minimum), not \(text.debugDescription)")
            }
            return value
        }
        func seconds(_ name: String) throws -> Duration? {
            try number(name, minimum: 1).map { .seconds(min($0, 86_400)) }
        }
        let apiURL = try required("PROFILE_API_URL")
        guard let url = URL(string: apiURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else {
            throw AvatarServiceError(
                code: .configuration,
                message: "PROFILE_API_URL must be an http(s) URL with a host, not \(Self.masked(apiURL))")
        }
        let defaults = AvatarServiceConfiguration(apiURL: "", credentials: .init(apiKey: "", accessToken: ""))
        self.init(
            apiURL: apiURL,
            credentials: ProfileAPICredentials(
                apiKey: try required("PROFILE_API_KEY"), accessToken: try required("PROFILE_ACCESS_TOKEN")),
            quotaStore: environment["PROFILE_QUOTA_STORE"].flatMap { $0.isEmpty ? nil : $0 },
            dailyLimit: try number("PROFILE_DAILY_LIMIT"),
            maxBodyBytes: try number("AVATAR_MAX_BODY_BYTES", minimum: 1) ?? defaults.maxBodyBytes,
            bodyGrace: try seconds("AVATAR_BODY_GRACE") ?? defaults.bodyGrace,
            minBodyRate: try number("AVATAR_MIN_BODY_RATE", minimum: 1) ?? defaults.minBodyRate,
            idleTimeout: try seconds("AVATAR_IDLE_TIMEOUT") ?? defaults.idleTimeout,
            maxConnections: try number("AVATAR_MAX_CONNECTIONS", minimum: 1) ?? defaults.maxConnections,
            maxRequests: try number("AVATAR_MAX_REQUESTS", minimum: 1) ?? defaults.maxRequests,
            processingThreads: try number("AVATAR_PROCESSING_THREADS", minimum: 1) ?? defaults.processingThreads,
            maxWaiting: try number("AVATAR_MAX_WAITING") ?? defaults.maxWaiting,
            resultLifetime: try seconds("AVATAR_RESULT_TTL") ?? defaults.resultLifetime,
            faceCascadePath: environment["AVATAR_FACE_CASCADE"] ?? defaults.faceCascadePath)
    }

    /// The configuration without its secrets (passwords in URLs masked too): safe to log.
    public var description: String {
        "api=\(Self.masked(apiURL)) account=\(credentials.fingerprint) quotaStore=\(quotaStore.map(Self.masked) ?? "none") "
            + "maxBodyBytes=\(maxBodyBytes) maxRequests=\(maxRequests) threads=\(processingThreads) maxWaiting=\(maxWaiting)"
    }

    /// A URL with any password replaced by `***`.
    static func masked(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else {
            return url
        }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
