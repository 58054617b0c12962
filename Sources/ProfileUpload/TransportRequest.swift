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
