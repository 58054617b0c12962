/// Decoded pixels: 8-bit channels, interleaved, rows top to bottom, pixels left to right.
///
/// The byte of channel `c` of the pixel at column `x`, row `y` is
/// `bytes[y * rowStride + x * layout.channels + c]`. Rows are packed: ``rowStride`` is
/// `width * layout.channels`, and `bytes.count` is `rowStride * height`.
public struct PixelBuffer: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Channel arrangement.
    public let layout: PixelLayout
    /// The pixel bytes, `rowStride * height` of them.
    public var bytes: [UInt8]

    /// Bytes from the start of one row to the start of the next.
    public var rowStride: Int { width * layout.channels }

    /// Wraps existing bytes. `bytes.count` must be `width * height * layout.channels`.
    public init(width: Int, height: Int, layout: PixelLayout, bytes: [UInt8]) {
        precondition(width >= 0 && height >= 0, "negative dimensions")
        precondition(bytes.count == width * height * layout.channels, "byte count does not match dimensions")
        self.width = width
        self.height = height
        self.layout = layout
        self.bytes = bytes
    }

    /// The channels of the pixel at (`x`, `y`), e.g. `[r, g, b]`.
    public subscript(x: Int, y: Int) -> [UInt8] {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)x\(height)")
        let start = y * rowStride + x * layout.channels
        return Array(bytes[start..<start + layout.channels])
    }
}
