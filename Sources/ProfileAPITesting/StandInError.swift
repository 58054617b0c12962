/// Why the stand-in server could not do what was asked.
public struct StandInError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code: the only one is `notListening`.
    public let code = "notListening"
    /// What happened.
    public let message: String

    /// The message.
    public var description: String { message }
}
