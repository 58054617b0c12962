import ProfileImage

/// The outcome of validating one file.
public struct Verdict: Sendable {
    /// What was wrong with an invalid file.
    public struct Failure: Sendable, Hashable {
        /// A stable code: ``ProfileImageError/Code`` spellings, or `unreadable`.
        public let code: String
        /// The message (the API's own for invalid images).
        public let message: String
        /// What exactly was wrong, in which format, where.
        public let reason: String
    }

    /// The file, as ``InputFile/path`` spells it.
    public let file: String
    /// The header, when it could be read (also for many invalid files, e.g. truncated ones).
    public let info: ImageInfo?
    /// The format the content was recognised as, if any.
    public let format: ImageFormat?
    /// Why the file is invalid; `nil` for a valid one.
    public let error: Failure?

    /// Whether the file is an intact image the profile API takes.
    public var isValid: Bool { error == nil }

    /// A verdict reached without decoding.
    init(file: String, failure: Failure) {
        self.file = file
        (info, format, error) = (nil, nil, failure)
    }

    /// Reads and fully decodes `input`.
    public init(file input: InputFile, decoder: ImageDecoder) {
        file = input.path
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(input)
        } catch let failure as InputReadError {
            (info, format) = (nil, nil)
            error = Failure(code: InputReadError.code, message: "The file could not be read.", reason: failure.reason)
            return
        } catch {
            preconditionFailure("InputReader throws only InputReadError")
        }
        do {
            let info = try decoder.validate(bytes)
            (self.info, format, error) = (info, info.format, nil)
        } catch let failure as ProfileImageError {
            info = try? decoder.info(bytes)
            format = failure.format ?? SniffedContent(sniffing: bytes).imageFormat
            error = Failure(code: failure.code.rawValue, message: failure.message, reason: failure.reason)
        } catch {
            preconditionFailure("ImageDecoder throws only ProfileImageError")
        }
    }

    /// Which part of a file of several frames, pages or images is used: "first frame".
    static func usedPart(_ info: ImageInfo) -> String {
        switch info.format {
        case .tiff: "first page"
        case .heic, .avif: "primary image"
        default: "first frame"
        }
    }

    /// The text line's note for a file of several frames: ", first frame of 12 used".
    static func firstOnly(_ info: ImageInfo) -> String {
        guard info.frameCount > 1 else { return "" }
        return ", \(usedPart(info)) of \(info.frameCount) used"
    }

    /// One line for a terminal.
    public var textLine: String {
        if let error { return "\(file): invalid (\(error.code)) \(error.reason)" }
        guard let info else { return "\(file): valid" }
        let warnings = info.warnings.isEmpty ? "" : " (warning: \(info.warnings.joined(separator: "; ")))"
        return "\(file): valid \(info.format.displayName) \(info.width)x\(info.height)" + Self.firstOnly(info) + warnings
    }

    /// One JSON object on one line, for reports.
    public var jsonLine: String {
        var line = JSONLine()
        line.add("file", file)
        line.add("valid", isValid)
        line.add("format", format?.rawValue)
        line.add("width", info?.width)
        line.add("height", info?.height)
        line.add("orientation", info?.orientation.rawValue)
        if let info, info.frameCount > 1 {
            line.add("frames", info.frameCount)
            line.add("decoded", Self.usedPart(info))
        }
        if let info, !info.warnings.isEmpty { line.add("warnings", .array(info.warnings.map(JSONLine.Value.string))) }
        if let error {
            var object = JSONLine()
            object.add("code", error.code)
            object.add("message", error.message)
            object.add("reason", error.reason)
            line.add("error", object)
        }
        return line.text
    }
}
