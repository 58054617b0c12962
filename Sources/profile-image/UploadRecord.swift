import ProfileImage
import ProfileUpload

/// The outcome of uploading one photo: a terminal line, a JSON line and an exit status.
struct UploadRecord: Sendable {
    enum Status: String, Sendable {
        case uploaded, invalid, rejected, unauthorized, throttled, error, network
        /// Not sent: the circuit breaker found the API unreachable.
        case unreachable
    }

    let input: String
    let status: Status
    /// The credentials' fingerprint: tells accounts apart, reveals nothing.
    var account: String?
    var message: String
    var httpStatus: Int?
    var fields: [String: [String]]?
    var retryAfter: Int?
    var decidedLocally: Bool?
    var image: ProcessRecord.Output?
    var croppedImage: ProcessRecord.Output?

    var exitStatus: Int32 {
        switch status {
        case .uploaded: ExitStatus.success
        case .invalid: ExitStatus.invalidImage
        case .rejected: ExitStatus.rejected
        case .unauthorized: ExitStatus.unauthorized
        case .throttled: ExitStatus.quotaExhausted
        case .network, .unreachable: ExitStatus.network
        case .error: ExitStatus.someFailed
        }
    }

    var textLine: String {
        var line = "\(input): \(status.rawValue)"
        if let httpStatus { line += " (HTTP \(httpStatus))" }
        line += ": \(message)"
        if let fields, !fields.isEmpty {
            line += " " + fields.keys.sorted().map { "\($0): \(fields[$0]!.joined(separator: " "))" }.joined(separator: "; ")
        }
        if let retryAfter { line += " [retry after \(retryAfter) s\(decidedLocally == true ? ", no request sent" : "")]" }
        return line
    }

    var jsonLine: String {
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
