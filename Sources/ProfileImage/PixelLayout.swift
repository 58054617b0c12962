/// How the bytes of one pixel are arranged: 8 bits per channel, interleaved.
public enum PixelLayout: Int, Sendable, Hashable, CaseIterable {
    /// One byte per pixel: luminance.
    case gray = 1
    /// Three bytes per pixel: red, green, blue.
    case rgb = 3
    /// Four bytes per pixel: red, green, blue, straight (not premultiplied) alpha.
    case rgba = 4

    /// Bytes per pixel.
    public var channels: Int { rawValue }

    /// Whether the layout has an alpha channel.
    public var hasAlpha: Bool { self == .rgba }
}
