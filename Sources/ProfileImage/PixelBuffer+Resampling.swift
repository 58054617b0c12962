extension PixelBuffer {
    /// The pixels resampled to `width` x `height` with the pipeline's Lanczos-3 filter (fixed
    /// point, windows cut and renormalised at the borders), from `region` (default: the whole
    /// buffer). Alpha is resampled as is: premultiply first for RGBA with real transparency.
    public func resampled(width: Int, height: Int, from region: PixelRegion? = nil) -> PixelBuffer {
        precondition(width > 0 && height > 0, "output size must be positive")
        let whole = PixelRegion(x: 0, y: 0, width: Double(self.width), height: Double(self.height))
        return Resampler.resample(self, region: region ?? whole, width: width, height: height)
    }
}
