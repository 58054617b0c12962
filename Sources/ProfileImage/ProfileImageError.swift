/// An error from the ``ProfileImage`` module: a stable ``code``, a ``message`` for display and the
/// precise ``reason``.
///
/// Validation errors (``isInvalidImage``) carry the profile API's own text as their message,
/// ``invalidImageMessage``, so a service can show exactly what the server would have said; the
/// ``reason`` says what was wrong, in which format, and where.
///
/// ```swift
/// do {
///     _ = try ImageDecoder().validate(bytes)
/// } catch let error as ProfileImageError where error.code == .truncated {
///     print(error.reason)  // "JPEG: Premature end of JPEG file (at byte 5120 of 5120)"
/// }
/// ```
public struct ProfileImageError: Error, Sendable, Hashable {
    /// What kind of problem this is. Compare against the static members, which never change.
    public let code: Code
    /// Text for display. For invalid images, always ``invalidImageMessage``.
    public let message: String
    /// What exactly is wrong: format, marker or chunk, and byte offset where known.
    public let reason: String
    /// The format the data was recognised as, if any.
    public let format: ImageFormat?
    /// Byte offset in the input where the problem was found, if known.
    public let offset: Int?

    /// The profile API's answer to a file that is not an image or is corrupt (Django's
    /// `ImageField` message).
    public static let invalidImageMessage =
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."

    /// Creates an error. Prefer the factory functions, which pick the right message.
    public init(code: Code, message: String, reason: String, format: ImageFormat? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
        self.format = format
        self.offset = offset
    }

    /// Whether the input itself was refused as an image (as opposed to a bad option or a
    /// failure while encoding).
    public var isInvalidImage: Bool { Code.invalidImageCodes.contains(code) }

    static func invalidImage(
        _ code: Code,
        _ reason: String,
        format: ImageFormat? = nil,
        offset: Int? = nil
    ) -> ProfileImageError {
        ProfileImageError(code: code, message: invalidImageMessage, reason: reason, format: format, offset: offset)
    }

    static func busy(_ reason: String) -> ProfileImageError {
        ProfileImageError(code: .busy, message: "Too many images are being processed; try again shortly.", reason: reason)
    }

    static func usage(_ code: Code, _ message: String) -> ProfileImageError {
        ProfileImageError(code: code, message: message, reason: message)
    }
}

extension ProfileImageError: CustomStringConvertible {
    /// The message, the code and the reason on one line.
    public var description: String {
        message == reason ? "\(code): \(message)" : "\(message) (\(code): \(reason))"
    }
}
