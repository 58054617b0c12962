extension PixelBuffer {
    /// The largest output side ``resampled(width:height:from:)`` makes, as the decoders' default
    /// limit on a side.
    public static let maxResampledSide = 65_535
    /// The largest output ``resampled(width:height:from:)`` makes, in pixels: the decoders'
    /// default pixel limit (0x3FFF²).
    public static let maxResampledPixels = 268_402_689

    /// The pixels resampled to `width` x `height` with the pipeline's Lanczos-3 filter (fixed
    /// point, windows cut and renormalised at the borders), from `region` (default: the whole
    /// buffer). Alpha is resampled as is: premultiply first for RGBA with real transparency.
    /// - Throws: ``ProfileImageError`` with code ``ProfileImageError/Code/invalidOption`` for an
    ///   empty buffer, an output size outside 1...``maxResampledSide`` or above
    ///   ``maxResampledPixels``, or a region that is not finite, not positive in size, or not
    ///   inside the buffer.
    public func resampled(width: Int, height: Int, from region: PixelRegion? = nil) throws -> PixelBuffer {
        func refuse(_ message: String) -> ProfileImageError { .usage(.invalidOption, message) }
        guard self.width > 0, self.height > 0 else { throw refuse("cannot resample an empty \(self.width)x\(self.height) picture") }
        guard (1...Self.maxResampledSide).contains(width), (1...Self.maxResampledSide).contains(height),
            width * height <= Self.maxResampledPixels
        else {
            throw refuse(
                "an output of \(width)x\(height) is outside 1...\(Self.maxResampledSide) per side or above "
                    + "\(Self.maxResampledPixels) pixels")
        }
        let whole = PixelRegion(x: 0, y: 0, width: Double(self.width), height: Double(self.height))
        let region = region ?? whole
        guard [region.x, region.y, region.width, region.height].allSatisfy(\.isFinite), region.width > 0,
            region.height > 0, region.x >= 0, region.y >= 0, region.x + region.width <= whole.width,
            region.y + region.height <= whole.height
        else {
            throw refuse("the region \(region) is not a finite, non-empty part of the \(self.width)x\(self.height) picture")
        }
        return Resampler.resample(self, region: region, width: width, height: height)
    }
}
