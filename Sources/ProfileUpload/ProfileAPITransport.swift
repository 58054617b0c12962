/// Sends one HTTP request and returns the whole response: the seam between the client's logic
/// (validation, quota, retries) and the network. ``AsyncHTTPClientTransport`` is the real one; a
/// service may inject its own (a shared HTTP client, a proxy, a test double).
public protocol ProfileAPITransport: Sendable {
    /// Sends `request`. Throws ``TransportError`` when no response arrived.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// An HTTP request as the client builds it.
public struct TransportRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The full URL.
    public var url: String
    /// Header fields, in order. Contains the credentials: never log them.
    public var headers: [(name: String, value: String)]
    /// The body and its length (always known).
    public var body: Body?
    /// The whole request, connect to last response byte.
    public var timeout: Duration

    /// A request body.
    public enum Body: Sendable {
        /// Bytes in memory.
        case bytes([UInt8])
        /// A multipart body, streamed with the given exact length.
        case multipart(MultipartFormData)

        /// The exact length in bytes, sent as `Content-Length`.
        public var length: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .multipart(let form): form.contentLength
            }
        }
    }

    /// Creates a request.
    public init(method: String, url: String, headers: [(name: String, value: String)], body: Body?, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// An HTTP response, body read whole.
public struct TransportResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields; look-ups are case-insensitive through ``header(_:)``.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why no response arrived.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// Whether the request certainly never reached the server (DNS, refused connection, connect
    /// timeout): only then may a non-idempotent request be retried.
    public let requestNotSent: Bool
    /// What happened.
    public let message: String

    /// Creates an error.
    public init(requestNotSent: Bool, message: String) {
        self.requestNotSent = requestNotSent
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
