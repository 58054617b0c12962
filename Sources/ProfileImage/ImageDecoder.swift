/// Decodes and validates user photos: JPEG through libjpeg-turbo, PNG through libpng, WebP through
/// libwebp, HEIC and AVIF through libheif, GIF through giflib, TIFF through libtiff, BMP by the
/// shim's own reader.
///
/// The format comes from the leading bytes, never from a file name. Every other input is refused
/// with a ``ProfileImageError`` whose code says why; sizes are checked against
/// ``DecodingOptions/Limits`` from the header, before any pixel memory is allocated.
///
/// ```swift
/// let decoder = ImageDecoder()
/// let info = try decoder.validate(bytes)          // full integrity check, little memory
/// let image = try decoder.decode(bytes, scale: .half)
/// ```
///
/// A value type with no shared state: use one from any number of tasks at once.
public struct ImageDecoder: Sendable {
    /// Limits and damage policy.
    public var options: DecodingOptions

    /// Creates a decoder with the given options (by default: strict, sharp's pixel limit).
    public init(options: DecodingOptions = DecodingOptions()) {
        self.options = options
    }

    /// Reads the header only: format, size, colour model, orientation, ICC profile, EXIF.
    ///
    /// Cheap, and enough to plan a decode, but says nothing about the integrity of the pixel
    /// data; use ``validate(_:)`` for that.
    /// - Throws: ``ProfileImageError`` when the input is not an image of an accepted format, its
    ///   header is damaged or its size exceeds the limits.
    public func info(_ bytes: [UInt8]) throws -> ImageInfo {
        try run(bytes, depth: .header).info
    }

    /// Decodes the pixels, a JPEG at `scale` (every other format is decoded at full size; an
    /// animation's first frame, a TIFF's first page, a HEIF's primary image). The pixels are
    /// in stored orientation: apply ``ImageInfo/orientation`` to show them upright.
    /// - Throws: ``ProfileImageError`` for any input that is not an intact image (under
    ///   the ``DecodingOptions/Policy/tolerant`` policy, recoverable JPEG damage is accepted and
    ///   reported in ``DecodedImage/recoveredDamage``).
    public func decode(_ bytes: [UInt8], scale: JPEGScale = .full) throws -> DecodedImage {
        try run(bytes, depth: .pixels(scale))
    }

    /// - Parameter keepsInk: decode a CMYK JPEG to ``PixelLayout/cmyk`` instead of RGB by the naive formula.
    func run(_ bytes: [UInt8], depth: DecodeDepth, keepsInk: Bool = false) throws -> DecodedImage {
        switch SniffedContent(sniffing: bytes) {
        case .empty:
            throw ProfileImageError.invalidImage(.emptyFile, "The file is empty (0 bytes)")
        case .other(let description):
            throw ProfileImageError.invalidImage(.notAnImage, "Not an image: the data looks like \(description)")
        case .image(let format) where !format.isSupported:
            let names = ImageFormat.decodable.map(\.displayName).joined(separator: ", ")
            throw ProfileImageError.invalidImage(
                .unsupportedFormat, "\(format.displayName) images are not decoded: only \(names)", format: format)
        case .image(let format) where !options.acceptedFormats.contains(format):
            let names = ImageFormat.decodable.filter(options.acceptedFormats.contains).map(\.displayName)
            throw ProfileImageError.invalidImage(
                .formatNotAccepted,
                "\(format.displayName) images are not accepted here: only \(names.isEmpty ? "none" : names.joined(separator: ", "))",
                format: format)
        case .image(.jpeg):
            return try JPEGDecoding.decode(bytes, options: options, depth: depth, keepsInk: keepsInk)
        case .image(.png):
            return try PNGDecoding.decode(bytes, options: options, depth: depth)
        case .image(let format):
            return try RasterDecoding.decode(bytes, format: format, options: options, depth: depth)
        }
    }
}
