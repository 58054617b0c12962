extension DecodingOptions.Limits {
    /// Throws ``ProfileImageError/Code/dimensionsTooLarge`` if a header's size exceeds the limits.
    func check(width: Int, height: Int, format: ImageFormat) throws {
        let name = format.displayName
        if width > maxWidth {
            throw ProfileImageError.invalidImage(
                .dimensionsTooLarge, "\(name): width \(width) exceeds the limit of \(maxWidth)", format: format)
        }
        if height > maxHeight {
            throw ProfileImageError.invalidImage(
                .dimensionsTooLarge, "\(name): height \(height) exceeds the limit of \(maxHeight)", format: format)
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxPixels {
            throw ProfileImageError.invalidImage(
                .dimensionsTooLarge,
                "\(name): \(width)x\(height) is \(overflow ? "too many" : String(pixels)) pixels, above the limit of \(maxPixels)",
                format: format)
        }
    }
}
