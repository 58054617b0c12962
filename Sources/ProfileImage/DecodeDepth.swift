/// How far a codec goes through the data.
enum DecodeDepth: Hashable {
    /// Markers or chunks up to the first scan or IDAT: size, colour model, metadata.
    case header
    /// Every byte of the image data decoded into one scratch row and thrown away: the full
    /// integrity check in O(width) memory. JPEG runs it at 1/8 scale, which still entropy-decodes
    /// every coefficient (so every damaged byte is still found) but skips most of the IDCT.
    case verify
    /// All pixels, a JPEG at the given DCT scale.
    case pixels(JPEGScale)
    /// The `region` of the picture decoded at the given DCT scale (in its pixels), resampled to
    /// `width` x `height`; RGBA is premultiplied first and stays so (see
    /// ``DecodedImage/sawTransparency``). A JPEG or a non-interlaced PNG is resampled row by row
    /// as the codec delivers it, holding a window of a few rows rather than the whole picture;
    /// an interlaced PNG is decoded whole first (libpng must deinterlace it).
    case resampled(JPEGScale, region: PixelRegion, width: Int, height: Int)
}
