import ProfileImage

/// The outcome for one input of a ``ProcessBatch``: a report line and a terminal line.
public struct ProcessRecord: Sendable {
    /// How the input fared.
    public enum Status: String, Sendable {
        /// Both outputs are in place (made now, or current from an earlier run).
        case ok
        /// The input is not an intact image: the profile API would refuse it.
        case invalid
        /// Something else failed: unreadable input, an output that could not be written.
        case error
    }

    /// One output file.
    public struct Output: Sendable, Codable, Hashable {
        /// Where it is.
        public let path: String
        /// Its size in pixels.
        public let width: Int
        public let height: Int
        /// Its size in bytes.
        public let bytes: Int

        /// `{"width":..,"height":..,"bytes":..}` for reports.
        var json: JSONLine {
            var object = JSONLine()
            object.add("width", width)
            object.add("height", height)
            object.add("bytes", bytes)
            return object
        }
    }

    /// The input, as ``InputFile/path`` spells it.
    public let input: String
    /// How it fared.
    public let status: Status
    /// The `image` output, when made.
    public var image: Output?
    /// The `cropped_image` output, when made.
    public var croppedImage: Output?
    /// The crop used, in the upright full-resolution input.
    public var crop: CropRectangle?
    /// Which strategy placed the crop, and the faces it saw.
    public var cropChoice: CropChoice?
    /// What became of the input's colour profile, when the outputs were made now.
    public var colour: ColourHandling?
    /// For failures: a stable code (``ProfileImageError/Code`` spellings, `unreadable`, `writeFailed`).
    public var errorCode: String?
    /// For failures: the message (the API's own for invalid images).
    public var errorMessage: String?
    /// For failures: what exactly was wrong.
    public var errorReason: String?
    /// Outputs were already complete and current from an earlier run.
    public var skipped = false
    /// The input's size, for the summary.
    public var inputBytes = 0

    static func failure(_ input: String, status: Status, code: String, message: String, reason: String) -> Self {
        ProcessRecord(input: input, status: status, errorCode: code, errorMessage: message, errorReason: reason)
    }

    /// One JSON object on one line, for reports.
    public var jsonLine: String {
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
            var object = Self.box(crop)
            if let cropChoice {
                object.add("mode", cropChoice.mode.rawValue)
                if cropChoice.mode == .face {
                    object.add("faces", .array(cropChoice.faces.map { .object(Self.box($0)) }))
                }
            }
            line.add("crop", object)
        }
        if let colour {
            var object = JSONLine()
            object.add("action", colour.action.rawValue)
            if let profile = colour.profile { object.add("profile", profile) }
            if let note = colour.note { object.add("note", note) }
            line.add("colour", object)
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

    /// `{"x","y","w","h"}` of a rectangle, as the crop and each face are written.
    private static func box(_ rectangle: CropRectangle) -> JSONLine {
        var object = JSONLine()
        object.add("x", rectangle.x)
        object.add("y", rectangle.y)
        object.add("w", rectangle.width)
        object.add("h", rectangle.height)
        return object
    }

    /// One line for a terminal.
    public var textLine: String {
        guard let image, let croppedImage else {
            return "\(input): \(status.rawValue) (\(errorCode ?? "?")) \(errorReason ?? "")"
        }
        return "\(input) -> \(skipped ? "(up to date) " : "")\(image.path) \(image.width)x\(image.height) \(Self.kilobytes(image.bytes)), "
            + "\(croppedImage.path) \(croppedImage.width)x\(croppedImage.height) \(Self.kilobytes(croppedImage.bytes))"
            + (colour?.note.map { " (\($0))" } ?? "")
    }

    private static func kilobytes(_ bytes: Int) -> String {
        bytes < 10_240 ? "\(bytes) B" : "\(bytes / 1024) KB"
    }
}
