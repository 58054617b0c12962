/// An image format recognised from its leading bytes. JPEG, PNG, WebP, HEIC, AVIF, GIF, TIFF and
/// BMP are decoded (``decodable``); every other format is recognised so that it can be refused by
/// name. Outputs are always JPEG or PNG.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case jpeg
    case png
    case gif
    case webp
    case bmp
    case tiff
    case heic
    case avif
    case jpegXL = "jxl"
    case jpeg2000 = "jp2"
    case ico
    case psd
    case svg

    /// Every format this pipeline decodes, in the order the README lists them.
    public static let decodable: [ImageFormat] = [.jpeg, .png, .webp, .heic, .avif, .gif, .tiff, .bmp]

    /// Whether this pipeline decodes the format (whether a configuration accepts it is
    /// ``DecodingOptions/acceptedFormats``).
    public var isSupported: Bool { Self.decodable.contains(self) }

    /// The name people know the format by, e.g. `"JPEG"`, `"WebP"`.
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .gif: "GIF"
        case .webp: "WebP"
        case .bmp: "BMP"
        case .tiff: "TIFF"
        case .heic: "HEIC/HEIF"
        case .avif: "AVIF"
        case .jpegXL: "JPEG XL"
        case .jpeg2000: "JPEG 2000"
        case .ico: "ICO"
        case .psd: "Photoshop PSD"
        case .svg: "SVG"
        }
    }

    /// The usual file extension, without a dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .heic: "heic"
        default: rawValue
        }
    }

    /// The MIME type, e.g. `"image/jpeg"`.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .bmp: "image/bmp"
        case .tiff: "image/tiff"
        case .heic: "image/heic"
        case .avif: "image/avif"
        case .jpegXL: "image/jxl"
        case .jpeg2000: "image/jp2"
        case .ico: "image/vnd.microsoft.icon"
        case .psd: "image/vnd.adobe.photoshop"
        case .svg: "image/svg+xml"
        }
    }

    /// The lower-case name used in JSON output, e.g. `"jpeg"`, `"webp"`.
    public var description: String { rawValue }
}
