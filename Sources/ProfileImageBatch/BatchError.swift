/// An error from ``ProfileImageBatch``: a stable ``code`` and a human ``message`` naming the file
/// or setting at fault, never a secret. What happens to one input of a batch is not an error but
/// its record (``ProcessRecord``, ``UploadRecord``, ``Verdict``); errors are what stop a batch
/// from running at all.
public struct BatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public let code: Code
    /// What happened, for display.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's spelling.
        public let rawValue: String
        /// Creates a code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's spelling.
        public var description: String { rawValue }

        /// An upload manifest cannot be read, is not CSV of the expected columns, or has no rows.
        public static let invalidManifest = Code(rawValue: "invalidManifest")
        /// A report, journal or output file cannot be written.
        public static let writeFailed = Code(rawValue: "writeFailed")
        /// A setting is unusable (a quota-store URL of an unknown kind, say).
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// A work queue cannot be reached or answered with an error (its location named, password hidden).
        public static let queueUnavailable = Code(rawValue: "queueUnavailable")
    }
}
