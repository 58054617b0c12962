import Foundation
import ProfileImage

/// CIE ΔE76 between two renderings of the same picture, as a viewer on a white page sees them:
/// sRGB values (alpha composited over white) to CIELAB (D65), Euclidean distance per pixel.
struct ColourDifference {
    let mean: Double
    let percentile95: Double

    init(_ a: PixelBuffer, _ b: PixelBuffer, background: (Double, Double, Double) = (1, 1, 1)) {
        precondition(a.width == b.width && a.height == b.height, "renderings of different sizes")
        var distances: [Double] = []
        distances.reserveCapacity(a.width * a.height)
        for y in 0..<a.height {
            for x in 0..<a.width {
                let (l1, a1, b1) = Self.lab(Self.composited(a.at(x, y), over: background))
                let (l2, a2, b2) = Self.lab(Self.composited(b.at(x, y), over: background))
                distances.append(((l1 - l2) * (l1 - l2) + (a1 - a2) * (a1 - a2) + (b1 - b2) * (b1 - b2)).squareRoot())
            }
        }
        mean = distances.reduce(0, +) / Double(max(1, distances.count))
        let sorted = distances.sorted()
        percentile95 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
    }

    /// RGB in 0...1 of a grey, RGB or RGBA pixel over `background` (sRGB values in 0...1).
    private static func composited(_ pixel: [UInt8], over background: (Double, Double, Double)) -> (Double, Double, Double) {
        let channels = pixel.map { Double($0) / 255 }
        switch channels.count {
        case 1: return (channels[0], channels[0], channels[0])
        case 3: return (channels[0], channels[1], channels[2])
        case 4:
            let alpha = channels[3]
            return (
                channels[0] * alpha + background.0 * (1 - alpha), channels[1] * alpha + background.1 * (1 - alpha),
                channels[2] * alpha + background.2 * (1 - alpha)
            )
        default: return (.nan, .nan, .nan)
        }
    }

    private static func lab(_ rgb: (Double, Double, Double)) -> (Double, Double, Double) {
        func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        let (r, g, b) = (linear(rgb.0), linear(rgb.1), linear(rgb.2))
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }
}
