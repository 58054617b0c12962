import ProfileImage
import ProfileUpload

/// The outcome of uploading one photo: a terminal line and a JSON line.
public struct UploadRecord: Sendable {
    /// How the upload fared.
    public enum Status: String, Sendable {
        /// The server took both files (now, or in an earlier run).
        case uploaded
        /// The photo is not an intact image: nothing was sent.
        case invalid
        /// The server answered 400.
        case rejected
        /// Missing or wrong credentials (401, or none found for the row).
        case unauthorized
        /// The daily quota is spent (429, or known to the quota store).
        case throttled
        /// Something local failed (an unreadable file, a store error).
        case error
        /// No usable answer after the retries: a network failure or a server error.
        case network
        /// Not sent: the circuit breaker found the API unreachable.
        case unreachable
    }

    /// The photo, as given.
    public let input: String
    /// How it fared.
    public let status: Status
    /// The credentials' fingerprint: tells accounts apart, reveals nothing.
    public var account: String?
    /// What happened, for people.
    public var message: String
    /// The server's status, when it answered.
    public var httpStatus: Int?
    /// The server's field errors, for a 400.
    public var fields: [String: [String]]?
    /// Seconds until the account may update again, for a spent quota.
    public var retryAfter: Int?
    /// Whether a spent quota was known without a request.
    public var decidedLocally: Bool?
    /// The two files made (paths empty: they were sent, not written).
    public var image: ProcessRecord.Output?
    public var croppedImage: ProcessRecord.Output?

    /// Creates a record.
    public init(
        input: String, status: Status, account: String? = nil, message: String, httpStatus: Int? = nil,
        fields: [String: [String]]? = nil, retryAfter: Int? = nil, decidedLocally: Bool? = nil
    ) {
        self.input = input
        self.status = status
        self.account = account
        self.message = message
        self.httpStatus = httpStatus
        self.fields = fields
        self.retryAfter = retryAfter
        self.decidedLocally = decidedLocally
    }

    /// One line for a terminal.
    public var textLine: String {
        var line = "\(input): \(status.rawValue)"
        if let httpStatus { line += " (HTTP \(httpStatus))" }
        line += ": \(message)"
        if let fields, !fields.isEmpty {
            line += " " + fields.keys.sorted().map { "\($0): \(fields[$0]!.joined(separator: " "))" }.joined(separator: "; ")
        }
        if let retryAfter { line += " [retry after \(retryAfter) s\(decidedLocally == true ? ", no request sent" : "")]" }
        return line
    }

    /// One JSON object on one line, for reports.
    public var jsonLine: String {
        var line = JSONLine()
        line.add("input", input)
        line.add("status", status.rawValue)
        line.add("account", account)
        line.add("message", message)
        if let httpStatus { line.add("http_status", httpStatus) }
        if let fields {
            var object = JSONLine()
            for key in fields.keys.sorted() { object.add(key, .array(fields[key]!.map(JSONLine.Value.string))) }
            line.add("fields", object)
        }
        if let retryAfter { line.add("retry_after", retryAfter) }
        if let decidedLocally { line.add("decided_locally", decidedLocally) }
        if let image { line.add("image", image.json) }
        if let croppedImage { line.add("cropped_image", croppedImage.json) }
        return line.text
    }
}
