/// An error from ``ProfileUpload``: a stable ``code`` and a human ``message``, never containing
/// credentials. What the server answered (field errors, throttling, 401) is not an error but a
/// ``ProfileAPIResult``; errors are what prevented a usable answer.
public struct ProfileUploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public let code: Code
    /// What happened, for display. Never contains the API key or the access token.
    public let message: String
    /// Whether the request may have reached the server before it failed (no answer came after it
    /// was sent): repeating it might repeat its effect.
    public let requestMayHaveBeenSent: Bool

    /// Creates an error.
    public init(code: Code, message: String, requestMayHaveBeenSent: Bool = false) {
        self.code = code
        self.message = message
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's spelling.
        public let rawValue: String
        /// Creates a code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's spelling.
        public var description: String { rawValue }

        /// A file to upload is not an intact image (found locally, before any request).
        public static let invalidImage = Code(rawValue: "invalidImage")
        /// The connection failed or timed out, after any retries.
        public static let network = Code(rawValue: "network")
        /// Too many consecutive attempts found the API unreachable: the circuit breaker is open and
        /// nothing is sent until it closes (see ``CircuitBreaker``).
        public static let unreachable = Code(rawValue: "unreachable")
        /// The configuration is unusable (e.g. a base URL that is not http or https).
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// A local file could not be read.
        public static let unreadableFile = Code(rawValue: "unreadableFile")
        /// The quota store failed (its database is unreachable, locked beyond its timeout, damaged).
        public static let quotaStore = Code(rawValue: "quotaStore")
        /// The multipart body could not be built (e.g. a given boundary occurs in the content).
        public static let multipart = Code(rawValue: "multipart")
    }
}
