/// What to do with the input's embedded ICC colour profile.
public enum ICCProfilePolicy: String, Sendable, Hashable, CaseIterable {
    /// Convert the pixels from the input's profile (RGB, grey or CMYK) to sRGB with Little CMS
    /// (perceptual intent, black-point compensation, as libvips and sharp do) and embed no profile:
    /// the outputs look right in every viewer, managed or not. An sRGB input needs no work; an
    /// unusable profile is ignored and said so in ``ColourHandling/note``. The default.
    case srgb
    /// Convert nothing; carry over a profile that describes the output's colour space (RGB or
    /// grey) and is not sRGB, such as Display P3 or Adobe RGB: right in viewers that apply
    /// profiles. CMYK keeps the naive conversion and loses its profile.
    case keep
    /// Convert nothing and embed no profile: the pixels are taken as sRGB.
    case drop

    /// The policy called `auto` before colour management: ``keep``.
    @available(*, deprecated, renamed: "keep")
    public static var auto: ICCProfilePolicy { .keep }
}
