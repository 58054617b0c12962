/// A rectangle in source pixel coordinates, fractions allowed: pixel `x` covers `[x, x + 1)`.
public struct PixelRegion: Sendable, Hashable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width, greater than zero.
    public var width: Double
    /// Height, greater than zero.
    public var height: Double

    /// Creates a region.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}
