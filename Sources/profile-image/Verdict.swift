import ProfileImage

/// The outcome of validating one file.
struct Verdict {
    let file: String
    /// The header, when it could be read (also for many invalid files, e.g. truncated ones).
    let info: ImageInfo?
    let format: ImageFormat?
    let error: (code: String, message: String, reason: String)?

    var isValid: Bool { error == nil }

    init(file input: InputFile, decoder: ImageDecoder) {
        file = input.path
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(input)
        } catch let failure as InputReadError {
            (info, format) = (nil, nil)
            error = (InputReadError.code, "The file could not be read.", failure.reason)
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
            error = (failure.code.rawValue, failure.message, failure.reason)
        } catch {
            preconditionFailure("ImageDecoder throws only ProfileImageError")
        }
    }

    var textLine: String {
        if let error { return "\(file): invalid (\(error.code)) \(error.reason)" }
        guard let info else { return "\(file): valid" }
        return "\(file): valid \(info.format.displayName) \(info.width)x\(info.height)"
    }

    var jsonLine: String {
        var line = JSONLine()
        line.add("file", file)
        line.add("valid", isValid)
        line.add("format", format?.rawValue)
        line.add("width", info?.width)
        line.add("height", info?.height)
        line.add("orientation", info?.orientation.rawValue)
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
