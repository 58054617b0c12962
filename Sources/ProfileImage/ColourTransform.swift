import CProfileImageColour
import Synchronization

/// A Little CMS transform from one ICC profile to sRGB, for pixels of one layout, shared by every
/// pipeline call that meets the same profile (``shared(profile:layout:)``): a CMYK transform
/// takes 20 ms to build.
///
/// `@unchecked Sendable`, and safe: its stored properties are immutable, the lcms transform is
/// made with `cmsFLAGS_NOCACHE` (the one-pixel cache is the only state `cmsDoTransform` writes;
/// without it lcms documents a transform as usable from several threads at once), its context is
/// only read after creation, and it is destroyed once, in `deinit`, when no call holds it.
final class ColourTransform: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The layout it reads (CMYK transforms write RGB; the others write what they read).
    let layout: pik_colour_layout

    /// Makes the transform, or throws the reason the profile cannot be used, in lcms's words.
    init(profile: [UInt8], layout: pik_colour_layout) throws(ColourTransformFailure) {
        var message = [CChar](repeating: 0, count: 256)
        let made = profile.withUnsafeBufferPointer { icc in
            pik_colour_transform_create(icc.baseAddress, icc.count, layout, &message, message.count)
        }
        guard let made else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ColourTransformFailure(reason: text.isEmpty ? "Little CMS refused the profile" : text)
        }
        self.pointer = made
        self.layout = layout
    }

    deinit { pik_colour_transform_destroy(pointer) }

    private struct Key: Hashable {
        let profile: [UInt8]
        let layout: UInt32
    }

    /// Transforms already made, by profile and layout; a few, as a batch meets few profiles.
    private static let made = Mutex<[Key: ColourTransform]>([:])

    /// The transform for `profile` and `layout`, made once per process and kept (up to 16; then
    /// the cache starts again). A profile that cannot be used is tried again each time.
    static func shared(profile: [UInt8], layout: pik_colour_layout) throws(ColourTransformFailure) -> ColourTransform {
        let key = Key(profile: profile, layout: layout.rawValue)
        if let transform = made.withLock({ $0[key] }) { return transform }
        // Made outside the lock: two threads may both make it, which costs only time.
        let transform = try ColourTransform(profile: profile, layout: layout)
        made.withLock { cache in
            if cache.count >= 16 { cache.removeAll() }
            cache[key] = transform
        }
        return transform
    }

    /// The transform's layout for pixels of `layout` (CMYK: as the file stores its ink).
    /// `storesGrey`: the picture is grey, expanded to RGB or RGBA for its alpha.
    static func layout(for layout: PixelLayout, inkIsInverted: Bool = false, storesGrey: Bool = false) -> pik_colour_layout {
        switch layout {
        case .gray: PIK_COLOUR_GRAY
        case .rgb: storesGrey ? PIK_COLOUR_GRAY_AS_RGB : PIK_COLOUR_RGB
        case .rgba: storesGrey ? PIK_COLOUR_GRAY_AS_RGBA : PIK_COLOUR_RGBA
        case .cmyk: inkIsInverted ? PIK_COLOUR_CMYK_INVERTED : PIK_COLOUR_CMYK
        }
    }

    /// `pixels` converted (their layout is the one the transform was made for): in place, or
    /// into a new RGB buffer for CMYK.
    func applied(to pixels: PixelBuffer) -> PixelBuffer {
        let (width, height, stride) = (UInt32(pixels.width), UInt32(pixels.height), pixels.rowStride)
        guard pixels.layout == .cmyk else {
            var pixels = pixels
            pixels.bytes.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                pik_colour_transform_apply(pointer, base, stride, base, stride, width, height)
            }
            return pixels
        }
        let rgb = [UInt8](unsafeUninitializedCapacity: pixels.width * pixels.height * 3) { buffer, count in
            pixels.bytes.withUnsafeBufferPointer { input in
                pik_colour_transform_apply(
                    pointer, input.baseAddress, stride, buffer.baseAddress, pixels.width * 3, width, height)
            }
            count = pixels.width * pixels.height * 3
        }
        return PixelBuffer(width: pixels.width, height: pixels.height, layout: .rgb, uncheckedBytes: rgb)
    }
}
