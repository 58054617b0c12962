/// How the bytes of one pixel are arranged: 8 bits per channel, interleaved.
public enum PixelLayout: Int, Sendable, Hashable, CaseIterable {
    /// One byte per pixel: luminance.
    case gray = 1
    /// Three bytes per pixel: red, green, blue.
    case rgb = 3
    /// Four bytes per pixel: red, green, blue, straight (not premultiplied) alpha.
    case rgba = 4
    /// Four bytes per pixel: cyan, magenta, yellow and black ink as a CMYK JPEG stores them
    /// (Adobe-inverted or not, as the file says). Only the pipeline's colour-managed path makes
    /// it, and converts it to RGB before encoding: no decoder result or output has it.
    case cmyk = 5

    /// Bytes per pixel.
    public var channels: Int { self == .cmyk ? 4 : rawValue }

    /// Whether the layout has an alpha channel.
    public var hasAlpha: Bool { self == .rgba }
}
