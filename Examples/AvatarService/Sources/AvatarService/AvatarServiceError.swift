/// What went wrong in the service: a stable ``code`` and a message a person can read (which
/// never holds a secret).
public struct AvatarServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable name for the kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The name.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The name.
        public var description: String { rawValue }

        /// The environment does not describe a usable service.
        public static let configuration = Code(rawValue: "configuration")
        /// The request is not what the endpoint takes (no photo, a malformed crop).
        public static let badRequest = Code(rawValue: "badRequest")
        /// The request body is over the limit.
        public static let tooLarge = Code(rawValue: "tooLarge")
        /// The request body did not arrive in time.
        public static let timeout = Code(rawValue: "timeout")
        /// The service is at its limit; try again shortly.
        public static let busy = Code(rawValue: "busy")
        /// No result under that id (never made, or expired).
        public static let notFound = Code(rawValue: "notFound")
    }

    /// The kind of failure.
    public let code: Code
    /// What happened.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
