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
    public internal(set) var bytes: [UInt8]

    /// Bytes from the start of one row to the start of the next.
    public var rowStride: Int { width * layout.channels }

    /// Wraps existing bytes.
    /// - Throws: ``ProfileImageError`` with code ``ProfileImageError/Code/invalidOption`` unless
    ///   the dimensions are not negative and `bytes.count` is `width * height * layout.channels`.
    public init(width: Int, height: Int, layout: PixelLayout, bytes: [UInt8]) throws {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        let (count, overflowAgain) = pixels.multipliedReportingOverflow(by: layout.channels)
        guard width >= 0, height >= 0, !overflow, !overflowAgain, bytes.count == count else {
            throw ProfileImageError.usage(
                .invalidOption,
                "\(bytes.count) bytes do not make a \(width)x\(height) picture of \(layout.channels) channel(s)")
        }
        self.init(width: width, height: height, layout: layout, uncheckedBytes: bytes)
    }

    /// Wraps bytes the module itself made with the right count.
    init(width: Int, height: Int, layout: PixelLayout, uncheckedBytes bytes: [UInt8]) {
        self.width = width
        self.height = height
        self.layout = layout
        self.bytes = bytes
    }

    /// The channels of the pixel at (`x`, `y`), e.g. `[r, g, b]`; `nil` outside the picture.
    public subscript(x: Int, y: Int) -> [UInt8]? {
        guard x >= 0 && x < width && y >= 0 && y < height else { return nil }
        let start = y * rowStride + x * layout.channels
        return Array(bytes[start..<start + layout.channels])
    }
}
