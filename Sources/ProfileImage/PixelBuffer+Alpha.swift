extension PixelBuffer {
    /// Whether any pixel is less than fully opaque (always `false` without an alpha channel).
    public var hasTransparency: Bool {
        guard layout == .rgba else { return false }
        return bytes.withUnsafeBufferPointer { pixels in
            var index = 3
            while index < pixels.count {
                if pixels[index] != 255 { return true }
                index += 4
            }
            return false
        }
    }

    /// RGB pixels composited over `background` (source-over, straight alpha). Layouts without
    /// alpha are returned unchanged.
    public func flattened(onto background: RGBColor) -> PixelBuffer {
        composited(onto: background) { colour, alpha, backdrop in
            Self.divideBy255(colour &* alpha &+ backdrop &* (255 &- alpha))
        }
    }

    /// Multiplies the colour channels by alpha, in place (a decoded RGBA picture is the largest
    /// buffer a PNG needs; a copy would double it): resampling premultiplied pixels keeps
    /// transparent pixels' (meaningless) colours from bleeding into visible edges as dark or
    /// coloured fringes.
    mutating func premultiply() {
        guard layout == .rgba else { return }
        bytes.withUnsafeMutableBufferPointer { pixels in
            guard let base = pixels.baseAddress else { return }
            _ = Self.premultiplyRows(base, byteCount: pixels.count)
        }
    }

    /// Premultiplies `byteCount` bytes of RGBA pixels in place; whether any was less than opaque.
    static func premultiplyRows(_ pixels: UnsafeMutablePointer<UInt8>, byteCount: Int) -> Bool {
        var transparent = false
        var index = 0
        while index + 3 < byteCount {
            let alpha = UInt32(pixels[index + 3])
            if alpha != 255 {
                transparent = true
                for c in 0..<3 { pixels[index + c] = divideBy255(UInt32(pixels[index + c]) &* alpha) }
            }
            index += 4
        }
        return transparent
    }

    /// Premultiplied RGBA composited over `background`: what ``flattened(onto:)`` gives for the
    /// straight pixels, since compositing is linear and so commutes with resampling.
    func flattenedPremultiplied(onto background: RGBColor) -> PixelBuffer {
        composited(onto: background) { colour, alpha, backdrop in
            UInt8(min(colour &+ UInt32(Self.divideBy255(backdrop &* (255 &- alpha))), 255))
        }
    }

    /// RGB pixels, each channel `blend(colour, alpha, backdrop channel)` of an RGBA pixel. Layouts
    /// without alpha are returned unchanged.
    private func composited(onto background: RGBColor, _ blend: (UInt32, UInt32, UInt32) -> UInt8) -> PixelBuffer {
        guard layout == .rgba else { return self }
        let backdrop = [UInt32(background.red), UInt32(background.green), UInt32(background.blue)]
        var out = [UInt8](repeating: 0, count: width * height * 3)
        bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for index in 0..<width * height {
                    let alpha = UInt32(source[4 * index + 3])
                    for c in 0..<3 { target[3 * index + c] = blend(UInt32(source[4 * index + c]), alpha, backdrop[c]) }
                }
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, uncheckedBytes: out)
    }

    /// The inverse of ``premultiply()``, rounding to nearest and clamping to 255.
    func unpremultiplied() -> PixelBuffer {
        guard layout == .rgba else { return self }
        var out = bytes
        out.withUnsafeMutableBufferPointer { pixels in
            var index = 0
            while index < pixels.count {
                let alpha = UInt32(pixels[index + 3])
                if alpha == 0 {
                    pixels[index] = 0
                    pixels[index + 1] = 0
                    pixels[index + 2] = 0
                } else if alpha != 255 {
                    for c in 0..<3 {
                        let value = (UInt32(pixels[index + c]) &* 255 &+ alpha / 2) / alpha
                        pixels[index + c] = UInt8(min(value, 255))
                    }
                }
                index += 4
            }
        }
        return PixelBuffer(width: width, height: height, layout: layout, uncheckedBytes: out)
    }

    /// Rounded `value / 255` for `value <= 255 * 255`.
    @inline(__always)
    static func divideBy255(_ value: UInt32) -> UInt8 {
        let t = value &+ 128
        return UInt8(truncatingIfNeeded: (t &+ (t >> 8)) >> 8)
    }
}
