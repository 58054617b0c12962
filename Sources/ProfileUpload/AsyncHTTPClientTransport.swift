import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``ProfileAPITransport`` over AsyncHTTPClient. Redirects are not followed: the client always
/// sends the documented URL with its trailing slash, and a redirected POST could lose its body.
///
/// Owns its `HTTPClient`; call ``shutdown()`` when done, or use ``withTransport(_:)``.
public final class AsyncHTTPClientTransport: ProfileAPITransport {
    private let client: HTTPClient

    /// Creates a transport with its own HTTP client (HTTP/1.1 and HTTP/2, TLS through the
    /// system's trust roots). A refused connection is retried within `connectTimeout` before
    /// it counts as a failure. Default 10 s.
    public init(connectTimeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
            + connectTimeout.components.attoseconds / 1_000_000_000))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Runs `body` with a new transport and shuts it down afterwards, whatever happens.
    public static func withTransport<Result: Sendable>(
        connectTimeout: Duration = .seconds(10),
        _ body: (AsyncHTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        let transport = AsyncHTTPClientTransport(connectTimeout: connectTimeout)
        let result: Result
        do {
            result = try await body(transport)
        } catch {
            try? await transport.shutdown()
            throw error
        }
        // Shut down once, after the body: a failing shutdown is reported, not retried.
        try await transport.shutdown()
        return result
    }

    /// Closes every connection.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends the request with AsyncHTTPClient, body length always known.
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
        let timeout = TimeAmount.nanoseconds(
            Int64(request.timeout.components.seconds) * 1_000_000_000 + request.timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
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
