import CProfileImageColour

/// The colour work of one pipeline call under ``ICCProfilePolicy/srgb``: whether a CMYK JPEG is
/// decoded as ink, the transforms the two small rasters need (CMYK, RGB, RGBA, grey), and what
/// happened, for ``ProcessedImage/colour``. Transforms are made on first use and kept for the
/// second output.
final class ColourConverter {
    private let profile: ICCProfile?
    private let policy: ICCProfilePolicy
    private var transforms: [PixelLayout: ColourTransform] = [:]
    private(set) var handling: ColourHandling

    /// A grey picture (with alpha, it is decoded as RGBA): its grey profile converts it still.
    private let storesGrey: Bool

    init(info: ImageInfo, policy: ICCProfilePolicy) {
        let profile = info.iccProfile.map(ICCProfile.init)
        storesGrey = (info.colorModel == .gray || info.colorModel == .grayAlpha) && profile?.colorSpace == "GRAY"
        self.profile = profile
        self.policy = policy
        let description = profile?.description
        switch (profile, policy) {
        case (nil, _): handling = ColourHandling(action: .untagged)
        case (let profile?, .keep):
            // Carried over only where it describes the output: a grey profile on a grey picture
            // without alpha (grey with alpha comes out RGBA), an RGB one on colour; CMYK never.
            let grey = info.colorModel == .gray && !info.hasAlpha
            let colour = info.colorModel != .gray && info.colorModel != .grayAlpha
            let carried =
                (grey && profile.isEmbeddable(in: .gray, policy: .keep))
                || (colour && profile.isEmbeddable(in: .rgb, policy: .keep))
            let space = ColourHandling.printable(profile.colorSpace ?? "?")
            handling = ColourHandling(
                action: profile.isSRGB ? .alreadySRGB : carried ? .kept : .dropped, profile: description,
                note: carried || profile.isSRGB ? nil : "ICC profile dropped: a \(space) profile cannot describe the output")
        case (_, .drop): handling = ColourHandling(action: .dropped, profile: description)
        case (let profile?, .srgb):
            handling = ColourHandling(
                action: profile.isSRGB ? .alreadySRGB : .convertedToSRGB, profile: description)
        }
    }

    /// Whether the pixels must change: a lossless copy of the source cannot be the output.
    var changesPixels: Bool { handling.action == .convertedToSRGB }

    /// Whether a CMYK or YCCK JPEG should be decoded as ink (``PixelLayout/cmyk``), resampled
    /// so and converted on the small rasters: when its profile makes a transform (made now and
    /// kept). `false` (the naive formula at decode) when there is nothing to convert or the
    /// profile cannot be used (noted).
    func keepsInk(of info: ImageInfo) -> Bool {
        guard changesPixels, info.colorModel == .cmyk || info.colorModel == .ycck, let profile else { return false }
        do {
            transforms[.cmyk] = try ColourTransform.shared(
                profile: profile.bytes, layout: ColourTransform.layout(for: .cmyk, inkIsInverted: info.inkIsInverted))
            return true
        } catch {
            ignore(error.reason)
            return false
        }
    }

    /// `pixels` in sRGB: converted by the profile unless there is nothing to do (CMYK always
    /// becomes RGB).
    func converted(_ pixels: PixelBuffer) -> PixelBuffer {
        if let made = transforms[pixels.layout] { return made.applied(to: pixels) }
        guard changesPixels, pixels.layout != .cmyk, let profile else { return pixels }
        do {
            let transform = try ColourTransform.shared(
                profile: profile.bytes, layout: ColourTransform.layout(for: pixels.layout, storesGrey: storesGrey))
            transforms[pixels.layout] = transform
            return transform.applied(to: pixels)
        } catch {
            ignore(error.reason)
            return pixels
        }
    }

    private func ignore(_ reason: String) {
        handling.action = .ignored
        handling.note = "ICC profile ignored: \(ColourHandling.printable(reason))"
    }
}
