/// What to do with the input's embedded ICC colour profile. The pipeline does not convert
/// colours between profiles, so a profile is only ever carried over unchanged.
public enum ICCProfilePolicy: String, Sendable, Hashable, CaseIterable {
    /// Keep a profile only when dropping it would change how the image looks: an RGB (or grey)
    /// profile that is not sRGB, such as Display P3 or Adobe RGB. An sRGB profile is dropped
    /// (viewers assume sRGB anyway; it saves a few kilobytes), and so is a CMYK profile, which
    /// cannot describe the RGB output. The default.
    case auto
    /// Keep any profile that describes the output's colour space (RGB or grey).
    case keep
    /// Never embed a profile.
    case drop
}
