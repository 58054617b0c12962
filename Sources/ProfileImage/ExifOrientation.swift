/// The EXIF orientation tag (0x0112): how the stored pixels must be turned to appear upright.
///
/// Raw values are the tag's: 1 is upright, 6 means "rotate 90° clockwise to view", and so on.
public enum ExifOrientation: Int, Sendable, Hashable, CaseIterable {
    /// Stored upright.
    case up = 1
    /// Mirrored left to right.
    case upMirrored = 2
    /// Upside down (rotate 180° to view).
    case down = 3
    /// Mirrored top to bottom.
    case downMirrored = 4
    /// Mirrored along the main diagonal (transposed).
    case leftMirrored = 5
    /// Rotate 90° clockwise to view (a phone held upright, home button right).
    case right = 6
    /// Mirrored along the anti-diagonal (transversed).
    case rightMirrored = 7
    /// Rotate 90° counter-clockwise to view.
    case left = 8

    /// Whether showing the image upright swaps its width and height.
    public var swapsDimensions: Bool { rawValue >= 5 }
}
