/// One encoded output file.
public struct EncodedImage: Sendable, Hashable {
    /// The file's bytes.
    public var bytes: [UInt8]
    /// ``ImageFormat/jpeg`` or ``ImageFormat/png``.
    public var format: ImageFormat
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The JPEG quality used (after any byte-budget search), for a lossless copy the source's
    /// estimated quality; `nil` for PNG.
    public var quality: Int?
    /// Whether the file is the source's own scans with its metadata left out (no pixel changed)
    /// rather than an encode of decoded pixels.
    public var isLosslessCopy = false

    /// Creates a description of an encoded file.
    public init(bytes: [UInt8], format: ImageFormat, width: Int, height: Int, quality: Int? = nil) {
        self.bytes = bytes
        self.format = format
        self.width = width
        self.height = height
        self.quality = quality
    }
}
