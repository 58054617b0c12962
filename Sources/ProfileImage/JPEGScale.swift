/// A libjpeg DCT scaling factor, `eighths`/8 of full size: the IDCT produces the smaller image
/// directly, which is how a large JPEG is shrunk on load at a fraction of the full decode's cost.
public struct JPEGScale: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Numerator over 8, from 1 (1/8 size) to 8 (full size).
    public let eighths: Int

    /// Creates a scale of `eighths`/8; `nil` outside 1...8.
    public init?(eighths: Int) {
        guard (1...8).contains(eighths) else { return nil }
        self.eighths = eighths
    }

    private init(unchecked eighths: Int) { self.eighths = eighths }

    /// Full size.
    public static let full = JPEGScale(unchecked: 8)
    /// Half size.
    public static let half = JPEGScale(unchecked: 4)
    /// Quarter size.
    public static let quarter = JPEGScale(unchecked: 2)
    /// One eighth of full size, the smallest libjpeg offers.
    public static let eighth = JPEGScale(unchecked: 1)

    /// The size libjpeg produces for a `length`-pixel side: `ceil(length * eighths / 8)`.
    public func scaled(_ length: Int) -> Int { (length * eighths + 7) / 8 }

    /// Orders scales from smallest output to largest.
    public static func < (lhs: JPEGScale, rhs: JPEGScale) -> Bool { lhs.eighths < rhs.eighths }

    /// `"3/8"`.
    public var description: String { "\(eighths)/8" }
}
