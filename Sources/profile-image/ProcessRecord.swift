import ProfileImage

/// The outcome for one input of `profile-image process`: a report line and a terminal line.
struct ProcessRecord: Sendable {
    enum Status: String, Sendable {
        case ok
        case invalid
        case error
    }

    struct Output: Sendable, Codable {
        let path: String
        let width: Int
        let height: Int
        let bytes: Int

        /// `{"width":..,"height":..,"bytes":..}` for reports.
        var json: JSONLine {
            var object = JSONLine()
            object.add("width", width)
            object.add("height", height)
            object.add("bytes", bytes)
            return object
        }
    }

    let input: String
    let status: Status
    var image: Output?
    var croppedImage: Output?
    var crop: CropRectangle?
    var errorCode: String?
    var errorMessage: String?
    var errorReason: String?
    /// Outputs were already complete and current from an earlier run.
    var skipped = false
    /// The input's size, for the summary.
    var inputBytes = 0

    static func failure(_ input: String, status: Status, code: String, message: String, reason: String) -> Self {
        ProcessRecord(input: input, status: status, errorCode: code, errorMessage: message, errorReason: reason)
    }

    var jsonLine: String {
        var line = JSONLine()
        line.add("input", input)
        line.add("status", status.rawValue)
        if skipped { line.add("skipped", true) }
        if let image, let croppedImage {
            var outputs = JSONLine()
            outputs.add("image", image.path)
            outputs.add("cropped_image", croppedImage.path)
            line.add("outputs", outputs)
            line.add("image", image.json)
            line.add("cropped_image", croppedImage.json)
        }
        if let crop {
            var object = JSONLine()
            object.add("x", crop.x)
            object.add("y", crop.y)
            object.add("w", crop.width)
            object.add("h", crop.height)
            line.add("crop", object)
        }
        if let errorCode {
            var object = JSONLine()
            object.add("code", errorCode)
            object.add("message", errorMessage)
            object.add("reason", errorReason)
            line.add("error", object)
        }
        return line.text
    }

    var textLine: String {
        guard let image, let croppedImage else {
            return "\(input): \(status.rawValue) (\(errorCode ?? "?")) \(errorReason ?? "")"
        }
        return "\(input) -> \(skipped ? "(up to date) " : "")\(image.path) \(image.width)x\(image.height) \(Self.kilobytes(image.bytes)), "
            + "\(croppedImage.path) \(croppedImage.width)x\(croppedImage.height) \(Self.kilobytes(croppedImage.bytes))"
    }

    private static func kilobytes(_ bytes: Int) -> String {
        bytes < 10_240 ? "\(bytes) B" : "\(bytes / 1024) KB"
    }
}
