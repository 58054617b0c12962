import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import ProfileUpload

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``ProfileAPITransport`` over AsyncHTTPClient.
///
/// A service passes its own `HTTPClient` (default `HTTPClient.shared`), so uploads share its
/// connection pool and its configuration; the transport never shuts that client down. Tools that
/// want a client of their own, with redirects refused and a chosen connect timeout, use
/// ``withTransport(connectTimeout:_:)``.
///
/// ```swift
/// let transport = AsyncHTTPClientTransport(client: httpClient)  // e.g. Vapor's app.http.client.shared
/// let client = ProfileAPIClient(configuration: configuration, transport: transport, quotaStore: store)
/// ```
public struct AsyncHTTPClientTransport: ProfileAPITransport {
    /// The HTTP client requests go through.
    public let client: HTTPClient

    /// Creates a transport over `client`. The profile API client always sends the documented URL
    /// with its trailing slash, so whether `client` follows redirects does not matter to it.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Runs `body` with a transport over a new `HTTPClient` of its own (HTTP/1.1 and HTTP/2, TLS
    /// through the system's trust roots, redirects refused: a redirected POST could lose its
    /// body), and shuts that client down afterwards, whatever happens.
    /// - Parameter connectTimeout: how long a connection is tried (a refused one is tried again
    ///   within it) before the attempt counts as failed. Default 10 s.
    /// - Throws: what `body` throws, or the client's error if it cannot shut down cleanly.
    public static func withTransport<Result: Sendable>(
        connectTimeout: Duration = .seconds(10),
        _ body: (AsyncHTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: TimeAmount(connectTimeout))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        return try await run(body, with: AsyncHTTPClientTransport(client: client)) { try await client.shutdown() }
    }

    /// Runs `body`, then `shutdown` exactly once, whatever happens: after a failing body its
    /// error is the one thrown; after a succeeding one a failing shutdown is reported, not tried
    /// again.
    static func run<Result: Sendable>(
        _ body: (AsyncHTTPClientTransport) async throws -> Result, with transport: AsyncHTTPClientTransport,
        shutdown: () async throws -> Void
    ) async throws -> Result {
        let result: Result
        do {
            result = try await body(transport)
        } catch {
            try? await shutdown()
            throw error
        }
        try await shutdown()
        return result
    }

    /// Sends the request with AsyncHTTPClient, the body's length always known.
    /// - Throws: ``TransportError`` when no response arrived.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        switch request.body {
        case .bytes(let bytes):
            outgoing.body = .bytes(ByteBuffer(bytes: bytes))
        case .multipart(let form):
            let chunks = form.chunks().map { ByteBuffer(bytes: $0) }
            outgoing.body = .stream(chunks, length: .known(Int64(form.contentLength)))
        case nil:
            break
        }
        do {
            let response = try await client.execute(outgoing, timeout: TimeAmount(request.timeout))
            let body = try await response.body.collect(upTo: 16 << 20)
            return TransportResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch {
            throw TransportError(requestNotSent: Self.certainlyNotSent(error), message: Self.describe(error))
        }
    }

    /// Errors raised before a connection existed: the request cannot have reached the server.
    static func certainlyNotSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .invalidURL || error == .emptyHost || error == .emptyScheme
        }
        // AsyncHTTPClient retries a refused connection until the connect timeout, then reports
        // the last connect error.
        if let error = error as? IOError {
            return [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
        }
        return error is NIOConnectionError
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "HTTP client: \(error)" }
        return "\(error)"
    }
}
