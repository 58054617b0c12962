import Foundation
import Logging
import ProfileImage

/// A client for the profile API: uploads `image` and `cropped_image`, reads and updates the
/// profile. It never sends a request the server must reject (files and fields are checked
/// first), never sends one while the quota store knows the account is spent, retries only what
/// is safe to repeat, and stops trying an endpoint its ``CircuitBreaker`` found unreachable.
///
/// ```swift
/// try await AsyncHTTPClientTransport.withTransport { transport in
///     let client = ProfileAPIClient(
///         configuration: .init(baseURL: "https://host/api/v1", credentials: credentials),
///         transport: transport, quotaStore: try await SQLiteQuotaStore.open(path: SQLiteQuotaStore.defaultPath))
///     switch try await client.uploadProfileImage(image: .init(bytes: image, filename: "me.jpg"),
///                                                croppedImage: .init(bytes: crop, filename: "me.jpg")) {
///     case .success: print("updated")
///     case .throttled(let wait): print(wait.message)
///     default: ...
///     }
/// }
/// ```
public struct ProfileAPIClient: Sendable {
    /// Where, as whom, and how patiently.
    public let configuration: Configuration
    let transport: any ProfileAPITransport
    let quotaStore: (any QuotaStore)?
    let circuitBreaker: CircuitBreaker?
    let logger: Logger
    /// The session cookies the server set, for ``ProfileAPIAuthentication/apiKeyParameter(named:)``.
    let session: ProfileAPISession
    /// Where the files to send are read and checked.
    let processor: ProfileImageProcessor
    /// Where upload timings, outcomes and quota refusals are recorded.
    let metrics: ProfileMetrics
    /// ``QuotaRules/reservedRequestLimit``; shorter in tests.
    var reservedRequestLimit = QuotaRules.reservedRequestLimit

    /// Creates a client.
    /// - Parameters:
    ///   - quotaStore: where the account's daily quota is kept; without one, the quota is only
    ///     known from the server's 429 to each call.
    ///   - circuitBreaker: shared by every client of the endpoint, it stops them all from sending
    ///     once the endpoint is found unreachable; without one, each request spends its retries.
    ///   - session: the session cookies of ``ProfileAPIAuthentication/apiKeyParameter(named:)``;
    ///     a service shares one between the clients it makes per request, so one sign-in serves
    ///     them all. Default: a session of this client's (and its copies') own.
    ///   - processor: where the files to send are read and fully decoded before any request
    ///     (never on the cooperative pool). Default ``ProfileImageProcessor/shared``.
    ///   - metrics: where upload timings, outcomes and quota refusals go (``ProfileMetrics/Name``).
    ///     Default: the bootstrapped swift-metrics backend, if any.
    public init(
        configuration: Configuration, transport: any ProfileAPITransport, quotaStore: (any QuotaStore)? = nil,
        circuitBreaker: CircuitBreaker? = nil, session: ProfileAPISession = ProfileAPISession(),
        processor: ProfileImageProcessor = .shared, metrics: ProfileMetrics = .bootstrapped,
        logger: Logger = Logger(label: "ProfileUpload")
    ) {
        self.configuration = configuration
        self.transport = transport
        self.quotaStore = quotaStore
        self.circuitBreaker = circuitBreaker
        self.session = session
        self.processor = processor
        self.metrics = metrics
        self.logger = logger
    }

    /// The quota-store key of this client's account.
    public var accountKey: String { configuration.credentials.accountKey(baseURL: configuration.base) }

    /// Sends a request with the credentials, retrying what is safe, and returns the last response.
    /// - Throws: ``ProfileUploadError`` with ``ProfileUploadError/Code/network`` when no response
    ///   came after the retries, ``ProfileUploadError/Code/unreachable`` when the circuit breaker
    ///   is open, ``ProfileUploadError/Code/invalidConfiguration`` for an unusable base URL or path.
    func send(method: String, path: String, body: TransportRequest.Body?, contentType: String?) async throws
        -> TransportResponse
    {
        try configuration.checkBaseURL()
        try configuration.paths.check()
        // Cookies are the account's: a session shared by handlers serving many accounts must
        // never send one account's sign-in with another's request.
        let account = accountKey
        let cookie = session.header(for: account)
        let response = try await send(request(method, path, body: body, contentType: contentType, cookie: cookie), path: path)
        guard case .apiKeyParameter = configuration.authentication.kind else { return response }
        session.remember(response.headers, for: account)
        // The session ended (Django REST framework answers 403 for that, others 401): sign in
        // again with the parameter, once.
        guard [401, 403].contains(response.status), let cookie else { return response }
        session.forget(account, ifStill: cookie)
        let again = try await send(request(method, path, body: body, contentType: contentType, cookie: nil), path: path)
        session.remember(again.headers, for: account)
        return again
    }

    /// Sends `request`, retrying what is safe, and returns the last response.
    private func send(_ request: TransportRequest, path: String) async throws -> TransportResponse {
        let method = request.method
        let policy = configuration.retry
        let idempotent = method == "GET"
        var attempt = 1
        var mayHaveBeenSent = false
        while true {
            let response: TransportResponse
            do {
                try circuitBreaker?.admit(endpoint: configuration.base)
            } catch let refused as ProfileUploadError {
                // Refused before this attempt; an earlier one may still have reached the server.
                throw ProfileUploadError(
                    code: refused.code, message: refused.message, requestMayHaveBeenSent: mayHaveBeenSent || refused.requestMayHaveBeenSent)
            }
            // A task cancelled before this attempt left sends nothing more: its slot is released,
            // unless an earlier attempt may have reached the server.
            if Task.isCancelled {
                guard mayHaveBeenSent else { throw CancellationError() }
                throw Self.cancelledMaybeSent(method, path, "after an attempt that may have reached the server")
            }
            do {
                logger.debug("request", metadata: ["method": "\(method)", "path": "\(path)", "attempt": "\(attempt)"])
                response = try await transport.send(request)
            } catch let error as TransportError {
                // Only a request that never left tells that the endpoint is unreachable; one that
                // timed out after it was sent may just be slow.
                if error.requestNotSent { circuitBreaker?.recordFailure(error.message, endpoint: configuration.base) }
                mayHaveBeenSent = mayHaveBeenSent || !error.requestNotSent
                guard (error.requestNotSent || idempotent) && attempt < policy.maxAttempts else {
                    logger.warning("request failed", metadata: ["path": "\(path)", "error": "\(error.message)"])
                    throw ProfileUploadError(
                        code: .network, message: "\(method) \(path) failed after \(attempt) attempt(s): \(error.message)",
                        requestMayHaveBeenSent: mayHaveBeenSent)
                }
                try await pause(policy.backoff(retry: attempt - 1), mayHaveBeenSent: mayHaveBeenSent, method: method, path: path)
                attempt += 1
                continue
            } catch {
                // A transport that ends a cancelled request with its own error (CancellationError)
                // cannot say it never left: it may have reached the server.
                guard Task.isCancelled else { throw error }
                throw Self.cancelledMaybeSent(method, path, "while the request was in flight")
            }
            logger.debug("response", metadata: ["path": "\(path)", "status": "\(response.status)"])
            let gatewayFailure = [502, 503, 504].contains(response.status)
            if gatewayFailure {
                circuitBreaker?.recordFailure("HTTP \(response.status)", endpoint: configuration.base)
            } else {
                circuitBreaker?.recordSuccess(endpoint: configuration.base)
            }
            // A 502 or 504 comes from a gateway that passed the request on: the server may have
            // acted on it. A POST is then not sent again (the photo could be stored twice and a
            // quota slot spent twice), and counts as maybe sent; a 503 is a refusal to take it.
            if gatewayFailure && response.status != 503 { mayHaveBeenSent = true }
            guard gatewayFailure, idempotent || response.status == 503, attempt < policy.maxAttempts else { return response }
            var wait = policy.backoff(retry: attempt - 1)
            if let header = response.header("Retry-After"),
                let seconds = QuotaMessage.retryAfter(header: header, now: Date())
            {
                // A server asking for longer than we would wait gets its answer back instead.
                guard Duration.seconds(seconds) <= policy.maxDelay else { return response }
                wait = .seconds(seconds)
            }
            try await pause(wait, mayHaveBeenSent: true, method: method, path: path)
            attempt += 1
        }
    }

    /// Waits `delay` before another attempt. A task cancelled meanwhile, after an attempt that may
    /// have reached the server, says so (its slot must stay counted), instead of a bare
    /// `CancellationError`.
    private func pause(_ delay: Duration, mayHaveBeenSent: Bool, method: String, path: String) async throws {
        do {
            try await configuration.retry.sleep(delay)
        } catch {
            guard mayHaveBeenSent else { throw error }
            throw Self.cancelledMaybeSent(method, path, "after an attempt that may have reached the server")
        }
    }

    /// The error for a task cancelled `when` a request may have reached the server: its quota
    /// slot must stay counted.
    private static func cancelledMaybeSent(_ method: String, _ path: String, _ when: String) -> ProfileUploadError {
        ProfileUploadError(code: .network, message: "\(method) \(path): cancelled \(when)", requestMayHaveBeenSent: true)
    }

    /// Maps a response to its typed result.
    func result(of response: TransportResponse) -> ProfileAPIResult {
        let json = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))
        let text = String(decoding: response.body, as: UTF8.self)
        let detail = json?["detail"]?.stringValue
        switch response.status {
        case 200..<300:
            return .success(json ?? .null)
        case 400:
            if case .object(let members)? = json, detail == nil {
                var fields: [String: [String]] = [:]
                for (field, value) in members {
                    switch value {
                    case .array(let items): fields[field] = items.map { $0.stringValue ?? "\($0)" }
                    case .string(let message): fields[field] = [message]
                    default: fields[field] = ["\(value)"]
                    }
                }
                return .validationFailed(fields)
            }
            return .validationFailed(["non_field_errors": [detail ?? text]])
        case 401, 403:
            return .unauthorized(detail ?? text)
        case 429:
            let message = detail ?? text
            let seconds =
                response.header("Retry-After").flatMap { QuotaMessage.retryAfter(header: $0, now: Date()) }
                ?? QuotaMessage.retryAfter(text: message) ?? 86_400
            return .throttled(.init(message: message, retryAfter: seconds, decidedLocally: false))
        default:
            return .serverError(status: response.status, body: text)
        }
    }
}
