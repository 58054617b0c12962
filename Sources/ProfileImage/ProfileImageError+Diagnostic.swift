import CProfileImageShims

extension ProfileImageError {
    /// Turns a shim diagnostic into the module's error, keeping the library's own words.
    init(diagnostic: pik_diagnostic, format: ImageFormat, inputSize: Int) {
        let message = withUnsafeBytes(of: diagnostic.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        // libheif and libwebp parse the buffer whole and do not say where they stopped (SIZE_MAX).
        let offset = diagnostic.offset < 0 ? nil : diagnostic.offset
        // Encoders have no input bytes to point into.
        let location = inputSize > 0 ? offset.map { " (at byte \($0) of \(inputSize))" } ?? "" : ""
        let reason = "\(format.displayName): \(message)\(location)"
        let code: Code =
            switch diagnostic.status {
            case PIK_TRUNCATED: .truncated
            case PIK_BAD_CHECKSUM: .badChecksum
            case PIK_UNSUPPORTED: .unsupportedFormat
            case PIK_LIMIT: .dimensionsTooLarge
            case PIK_RESOURCE_LIMIT, PIK_OUT_OF_MEMORY: .resourceLimit
            case PIK_INTERNAL: .internalError
            default: .corruptData
            }
        if code == .internalError {
            self.init(code: code, message: "Internal error in the \(format.displayName) codec", reason: reason,
                      format: format, offset: offset)
        } else {
            self = .invalidImage(code, reason, format: format, offset: offset)
        }
    }

    static func outOfMemory(_ format: ImageFormat) -> ProfileImageError {
        .invalidImage(.resourceLimit, "\(format.displayName): could not allocate a decoder", format: format)
    }
}
