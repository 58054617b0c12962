extension ExifOrientation {
    /// Where a rectangle of the upright (oriented) image lies in the stored pixels of a
    /// `storedWidth` x `storedHeight` image.
    func storedRegion(of region: PixelRegion, storedWidth: Double, storedHeight: Double) -> PixelRegion {
        let (x, y, w, h) = (region.x, region.y, region.width, region.height)
        let (sw, sh) = (storedWidth, storedHeight)
        switch self {
        case .up: return region
        case .upMirrored: return PixelRegion(x: sw - (x + w), y: y, width: w, height: h)
        case .down: return PixelRegion(x: sw - (x + w), y: sh - (y + h), width: w, height: h)
        case .downMirrored: return PixelRegion(x: x, y: sh - (y + h), width: w, height: h)
        case .leftMirrored: return PixelRegion(x: y, y: x, width: h, height: w)
        case .right: return PixelRegion(x: y, y: sh - (x + w), width: h, height: w)
        case .rightMirrored: return PixelRegion(x: sw - (y + h), y: sh - (x + w), width: h, height: w)
        case .left: return PixelRegion(x: sw - (y + h), y: x, width: h, height: w)
        }
    }
}
