import ProfileImage

extension PixelBuffer {
    /// The pixel at (`x`, `y`), or no channels at all outside the picture (which then fails the
    /// comparison it is used in).
    func at(_ x: Int, _ y: Int) -> [UInt8] { self[x, y] ?? [] }
}
