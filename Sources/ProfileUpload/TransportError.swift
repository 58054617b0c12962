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
