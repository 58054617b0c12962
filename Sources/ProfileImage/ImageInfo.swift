/// What a file's header says about the image, read without decoding pixels.
public struct ImageInfo: Sendable, Hashable {
    /// The encoded format.
    public var format: ImageFormat
    /// Stored width in pixels, before any EXIF orientation is applied.
    public var width: Int
    /// Stored height in pixels, before any EXIF orientation is applied.
    public var height: Int
    /// The colour model of the encoded data.
    public var colorModel: ColorModel
    /// Bits per channel as stored (JPEG: 8; PNG: 1, 2, 4, 8 or 16).
    public var bitDepth: Int
    /// Progressive JPEG or Adam7-interlaced PNG.
    public var isProgressive: Bool
    /// Whether the image has an alpha channel or transparency chunk.
    public var hasAlpha: Bool
    /// JPEG chroma subsampling such as `"4:2:0"`; `nil` for PNG and single-component JPEG.
    public var chromaSubsampling: String?
    /// JPEG arithmetic coding instead of Huffman.
    public var isArithmeticCoded: Bool
    /// The orientation to apply to show the stored pixels upright: EXIF's (TIFF's own tag for
    /// TIFF), ``ExifOrientation/up`` when there is none, and always ``ExifOrientation/up`` for
    /// HEIC and AVIF, whose decoder applies their `irot` and `imir` transforms itself.
    public var orientation: ExifOrientation
    /// The embedded ICC colour profile, unmodified.
    public var iccProfile: [UInt8]?
    /// The raw EXIF payload (TIFF structure), unmodified.
    public var exif: [UInt8]?
    /// Harmless slack the decoder met and skipped, losing no pixel, in the codec's own words:
    /// "JPEG: Corrupt JPEG data: 4 extraneous bytes before marker 0xdb (at byte 24 of 3406)".
    /// Filled in as far as the file was read (a header read sees only the header's).
    public var warnings: [String] = []
    /// For JPEG, the IJG quality (1...100) whose luminance table is nearest the file's, as
    /// ImageMagick and jpegtran estimate it; `nil` for PNG.
    public var estimatedQuality: Int?
    /// Frames (GIF, WebP), pages (TIFF) or top-level images (HEIF) in the file; only the first
    /// (for HEIF, the primary image) is decoded. 1 for a still image. A header read sees what the
    /// header declares; a GIF's frames are counted by a full decode (``ImageDecoder/validate(_:)``).
    public var frameCount: Int = 1
    /// For a CMYK or YCCK JPEG, whether ink is stored inverted (255 = no ink), as every file
    /// with an Adobe marker has it since Photoshop.
    var inkIsInverted = false

    /// Width once the orientation is applied.
    public var orientedWidth: Int { orientation.swapsDimensions ? height : width }
    /// Height once the orientation is applied.
    public var orientedHeight: Int { orientation.swapsDimensions ? width : height }
    /// Width times height (`Int.max` for sizes no decoder would accept, rather than a trap).
    public var pixelCount: Int {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? .max : count
    }

    /// The colour model of the encoded data.
    public enum ColorModel: String, Sendable, Hashable {
        /// Single-channel luminance.
        case gray
        /// Luminance with alpha (PNG).
        case grayAlpha
        /// Red, green, blue (PNG, or JPEG stored without colour transform).
        case rgb
        /// Red, green, blue, alpha (PNG).
        case rgba
        /// Palette indices (PNG).
        case palette
        /// JPEG luminance and chroma.
        case yCbCr
        /// JPEG four-channel ink values.
        case cmyk
        /// JPEG CMYK stored as YCbCr plus black (Adobe transform 2).
        case ycck
        /// A JPEG component layout libjpeg does not name.
        case unknown
    }
}
