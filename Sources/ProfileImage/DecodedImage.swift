/// Pixels decoded from an input image (any accepted format), with what the header said about the source.
public struct DecodedImage: Sendable, Hashable {
    /// The source's header: format, stored size, orientation, ICC profile, EXIF.
    public var info: ImageInfo
    /// The decoded pixels, stored orientation (EXIF orientation not yet applied). Smaller than
    /// ``ImageInfo/width`` × ``ImageInfo/height`` when a JPEG was decoded at a reduced ``scale``.
    public var pixels: PixelBuffer
    /// The DCT scale the pixels were decoded at (always ``JPEGScale/full`` for PNG).
    public var scale: JPEGScale
    /// Under ``DecodingOptions/Policy/tolerant``, the first damage libjpeg recovered from, if any.
    public var recoveredDamage: String?
    /// Whether any pixel was less than opaque, for decodes that premultiplied alpha on the way
    /// (`.resampled`) and so leave no straight alpha to look at afterwards.
    var sawTransparency = false

    /// Creates a decoded image from its parts.
    public init(info: ImageInfo, pixels: PixelBuffer, scale: JPEGScale = .full, recoveredDamage: String? = nil) {
        self.info = info
        self.pixels = pixels
        self.scale = scale
        self.recoveredDamage = recoveredDamage
    }
}
