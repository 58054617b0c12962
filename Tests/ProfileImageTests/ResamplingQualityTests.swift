import Foundation
import Testing

@testable import ProfileImage

/// The outputs against an independent reference: a direct, double-precision Lanczos-3 of the
/// full-size decode, written here from the textbook formula (no fixed point, no shrink-on-load,
/// no shared code with the resampler).
@Suite("Resampling quality against an independent Lanczos-3 reference")
struct ResamplingQualityTests {
    /// Known content, photograph-like: smooth colour gradients, luminance detail of periods
    /// around 160 and 230 px (20-30 px once shrunk), and an object with sharp edges.
    static func syntheticPhoto(width: Int, height: Int) -> PixelBuffer {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let fx = Double(x), fy = Double(y)
                let radial = ((fx - 700) * (fx - 700) + (fy - 500) * (fy - 500)).squareRoot()
                // Detail in luminance, as in photographs; colour varies smoothly.
                let detail = 45 * sin(fx / 31 + fy / 47) + 35 * sin(radial / 37) * exp(-radial / 700)
                var r = 110 + 60 * fx / Double(width) + detail
                var g = 120 + detail
                var b = 60 + 140 * fy / Double(height) + detail
                // A dark blue panel whose edges ramp over a few pixels, as an object's edges do in a photo.
                let inside = min(ramp(fx - 1100), ramp(1400 - fx), ramp(fy - 200), ramp(900 - fy))
                (r, g, b) = (r + (20 - r) * inside, g + (30 - g) * inside, b + (160 - b) * inside)
                let index = (y * width + x) * 3
                bytes[index] = UInt8(max(0, min(255, r.rounded())))
                bytes[index + 1] = UInt8(max(0, min(255, g.rounded())))
                bytes[index + 2] = UInt8(max(0, min(255, b.rounded())))
            }
        }
        return try! PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    /// 0 outside, 1 inside, smooth over 6 px.
    static func ramp(_ distance: Double) -> Double { max(0, min(1, (distance + 3) / 6)) }

    static func lanczos3(_ x: Double) -> Double {
        if x == 0 { return 1 }
        if abs(x) >= 3 { return 0 }
        return 3 * sin(Double.pi * x) * sin(Double.pi * x / 3) / (Double.pi * Double.pi * x * x)
    }

    /// Weights for output index `i` of `count` over the source span [start, start + length).
    static func weights(_ i: Int, count: Int, start: Double, length: Double, limit: Int) -> [(Int, Double)] {
        let scale = length / Double(count)
        let filter = max(1, scale)
        let centre = start + (Double(i) + 0.5) * scale
        let low = max(0, Int((centre - 3 * filter).rounded(.down)))
        let high = min(limit - 1, Int((centre + 3 * filter).rounded(.up)))
        let raw = (low...high).map { ($0, lanczos3((Double($0) + 0.5 - centre) / filter)) }
        let total = raw.reduce(0) { $0 + $1.1 }
        return raw.map { ($0.0, $0.1 / total) }
    }

    /// The reference Lanczos-3 of `region` of `full` at `width` x `height`: vertical pass in
    /// doubles, then horizontal, rounded once at the end.
    static func reference(_ full: PixelBuffer, region: (x: Int, y: Int, w: Int, h: Int), width: Int, height: Int)
        -> PixelBuffer
    {
        let rows = (0..<height).map {
            weights($0, count: height, start: Double(region.y), length: Double(region.h), limit: full.height)
        }
        let columns = (0..<width).map {
            weights($0, count: width, start: Double(region.x), length: Double(region.w), limit: full.width)
        }
        var middle = [Double](repeating: 0, count: height * full.width * 3)
        for j in 0..<height {
            for (y, weight) in rows[j] {
                for index in 0..<full.width * 3 {
                    middle[j * full.width * 3 + index] += weight * Double(full.bytes[y * full.width * 3 + index])
                }
            }
        }
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for j in 0..<height {
            for i in 0..<width {
                for c in 0..<3 {
                    let value = columns[i].reduce(0.0) { $0 + $1.1 * middle[(j * full.width + $1.0) * 3 + c] }
                    bytes[(j * width + i) * 3 + c] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
        return try! PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
    }

    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        let squared = zip(a.bytes, b.bytes).reduce(0.0) { sum, pair in
            let difference = Double(pair.0) - Double(pair.1)
            return sum + difference * difference
        }
        return 10 * log10(255 * 255 / (squared / Double(a.bytes.count)))
    }

    static let input = try! ImageEncoder.jpeg(
        syntheticPhoto(width: 1800, height: 1350), options: JPEGEncodingOptions(quality: 95, subsampling: .s444))

    /// What JPEG at the pipeline's settings alone costs on the reference itself.
    static func jpegCost(_ reference: PixelBuffer) throws -> Double {
        psnr(try ImageDecoder().decode(try ImageEncoder.jpeg(reference)).pixels, reference)
    }

    @Test("the cropped output, shrunk on load and JPEG q85 encoded, is within JPEG's own loss of the reference")
    func croppedImage() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxSide = 400
        configuration.croppedSize = 256
        let result = try ProfileImagePipeline(configuration: configuration).process(Self.input)
        // 1800 x 1350 at 1/4 still covers 400 px and the 1350 px crop's 256: shrink-on-load at work.
        #expect(result.decodeScale == .quarter, "this case must exercise shrink-on-load")
        #expect(result.crop == CropRectangle(x: 225, y: 0, width: 1350, height: 1350))
        let full = try ImageDecoder().decode(Self.input).pixels
        let reference = Self.reference(full, region: (225, 0, 1350, 1350), width: 256, height: 256)
        let quality = Self.psnr(try ImageDecoder().decode(result.croppedImage.bytes).pixels, reference)
        let floor = try Self.jpegCost(reference)
        #expect(quality > 38, "PSNR \(quality) dB; JPEG q85 alone gives \(floor) dB")
        #expect(quality > floor - 0.5, "PSNR \(quality) dB; JPEG q85 alone gives \(floor) dB")
    }

    @Test("the image output likewise")
    func image() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxSide = 400
        configuration.croppedSize = 256
        let result = try ProfileImagePipeline(configuration: configuration).process(Self.input)
        #expect(result.decodeScale == .quarter)
        let full = try ImageDecoder().decode(Self.input).pixels
        let reference = Self.reference(full, region: (0, 0, 1800, 1350), width: 400, height: 300)
        let quality = Self.psnr(try ImageDecoder().decode(result.image.bytes).pixels, reference)
        let floor = try Self.jpegCost(reference)
        #expect(quality > 38, "PSNR \(quality) dB; JPEG q85 alone gives \(floor) dB")
        #expect(quality > floor - 0.5, "PSNR \(quality) dB; JPEG q85 alone gives \(floor) dB")
    }

    @Test("without JPEG in the way, the resampler itself is within rounding of the reference")
    func resamplerAlone() throws {
        let full = Self.syntheticPhoto(width: 700, height: 500)
        let region = PixelRegion(x: 101, y: 37.5, width: 480.25, height: 400)
        let resampled = Resampler.resample(full, region: region, width: 150, height: 125)
        var squared = 0.0
        var worst = 0.0
        for j in 0..<125 {
            let wy = Self.weights(j, count: 125, start: 37.5, length: 400, limit: 500)
            for i in 0..<150 {
                let wx = Self.weights(i, count: 150, start: 101, length: 480.25, limit: 700)
                for c in 0..<3 {
                    var value = 0.0
                    for (y, weightY) in wy {
                        for (x, weightX) in wx { value += weightY * weightX * Double(full.bytes[(y * 700 + x) * 3 + c]) }
                    }
                    let difference = max(0, min(255, value)) - Double(resampled.bytes[(j * 150 + i) * 3 + c])
                    squared += difference * difference
                    worst = max(worst, abs(difference))
                }
            }
        }
        let quality = 10 * log10(255 * 255 / (squared / Double(150 * 125 * 3)))
        #expect(quality > 48, "PSNR \(quality) dB")
        // The intermediate rows are clamped to 0...255 (as in Pillow), so next to hard edges the
        // overshoot of the negative lobes is cut off once more than in the all-double reference.
        #expect(worst < 8, "largest difference \(worst)")
    }
}
