import CProfileImageColour

/// Which ProfileImageKit this is and which codec libraries it runs on: for `--version`, the
/// upload client's User-Agent and bug reports.
public enum ProfileImageKit {
    /// This release of ProfileImageKit (semantic versioning).
    public static let version = "0.1.0"

    /// The codec libraries in use, e.g. `libjpeg-turbo 2.1.5, libpng 1.6.39, libwebp 1.2.4, ...`.
    public static var libraryVersions: String {
        // BMP is read by the shim itself: no library to name.
        let others = [ImageFormat.webp, .heic, .gif, .tiff].map(RasterDecoding.libraryVersion)
        return ([JPEGDecoding.libraryVersion, PNGDecoding.libraryVersion] + others + ["Little CMS \(lcmsVersion)"])
            .joined(separator: ", ")
    }

    private static var lcmsVersion: String {
        var buffer = [CChar](repeating: 0, count: 16)
        pik_lcms_library_version(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
