import CProfileImageColour

/// The colour work of one pipeline call under ``ICCProfilePolicy/srgb``: which transform the
/// decoder needs (CMYK), which the outputs need (RGB, RGBA, grey), and what happened, for
/// ``ProcessedImage/colour``. Transforms are made on first use and kept for the second output.
final class ColourConverter {
    private let profile: ICCProfile?
    private let policy: ICCProfilePolicy
    private var transforms: [PixelLayout: ColourTransform] = [:]
    private(set) var handling: ColourHandling

    init(info: ImageInfo, policy: ICCProfilePolicy) {
        let profile = info.iccProfile.map(ICCProfile.init)
        self.profile = profile
        self.policy = policy
        let description = profile?.description
        switch (profile, policy) {
        case (nil, _): handling = ColourHandling(action: .untagged)
        case (_, .keep): handling = ColourHandling(action: .kept, profile: description)
        case (_, .drop): handling = ColourHandling(action: .dropped, profile: description)
        case (let profile?, .srgb):
            handling = ColourHandling(
                action: profile.isSRGB ? .alreadySRGB : .convertedToSRGB, profile: description)
        }
    }

    /// Whether the pixels must change: a lossless copy of the source cannot be the output.
    var changesPixels: Bool { handling.action == .convertedToSRGB }

    /// The transform for a CMYK or YCCK JPEG's rows, made now; `nil` (the naive formula) when
    /// there is nothing to convert or the profile cannot be used (noted).
    func cmykTransform(for info: ImageInfo) -> ColourTransform? {
        guard changesPixels, info.colorModel == .cmyk || info.colorModel == .ycck, let profile else { return nil }
        do {
            let transform = try ColourTransform(
                profile: profile.bytes, layout: info.inkIsInverted ? PIK_COLOUR_CMYK_INVERTED : PIK_COLOUR_CMYK)
            // Converted as it is decoded: the RGB outputs are sRGB already.
            decodedCMYK = true
            return transform
        } catch {
            ignore(error.reason)
            return nil
        }
    }

    private var decodedCMYK = false

    /// `pixels` in sRGB: converted by the profile unless there is nothing to do.
    func converted(_ pixels: PixelBuffer) -> PixelBuffer {
        guard changesPixels, !decodedCMYK, let profile else { return pixels }
        let transform: ColourTransform
        if let made = transforms[pixels.layout] {
            transform = made
        } else {
            do {
                transform = try ColourTransform(profile: profile.bytes, layout: ColourTransform.layout(for: pixels.layout))
            } catch {
                ignore(error.reason)
                return pixels
            }
            transforms[pixels.layout] = transform
        }
        var pixels = pixels
        transform.apply(to: &pixels)
        return pixels
    }

    private func ignore(_ reason: String) {
        handling.action = .ignored
        handling.note = "ICC profile ignored: \(reason)"
    }
}
