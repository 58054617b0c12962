/// How the square `cropped_image` is placed when the caller gives no crop rectangle.
public enum CropStrategy: String, Sendable, Hashable, CaseIterable {
    /// The largest centred square: what every tool does by default.
    case centre
    /// The square framed around the frontal faces a Haar cascade finds, head-and-shoulders with
    /// headroom above, clamped to the picture; ``attention`` when there is none.
    case face
    /// The largest square where the picture has the most to look at: edges, skin tones and
    /// saturated colour, in the spirit of libvips' attention crop.
    case attention
}
