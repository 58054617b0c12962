import Foundation
import ProfileImage
import Testing

/// A library caller passes values; none of them may crash the process.
@Suite("Out-of-range values are refused with invalidOption, never a trap")
struct LibraryBoundsTests {
    @Test(
        "sizes above the decoder's own limits",
        arguments: [
            (Int.max, 512, false), (512, Int.max, false), (70_000, 512, true), (512, 1 << 40, true), (0, 512, false),
            (-5, 512, false), (30_000, 512, true),
        ])
    func outputSizes(maxSide: Int, croppedSize: Int, upscale: Bool) throws {
        let photo = try Fixtures.bytes("valid/baseline-420.jpg")
        let configuration = ProfileImagePipeline.Configuration(maxSide: maxSide, croppedSize: croppedSize, allowUpscale: upscale)
        let error = #expect(throws: ProfileImageError.self) { _ = try ProfileImagePipeline(configuration: configuration).process(photo) }
        #expect(error?.code == .invalidOption, "\(String(describing: error))")
    }

    @Test("a pixel buffer whose bytes do not fit its size")
    func pixelBuffers() throws {
        for (width, height, count) in [(2, 2, 11), (-1, 4, 0), (Int.max, 2, 0), (1 << 32, 1 << 32, 0)] {
            let error = #expect(throws: ProfileImageError.self) {
                _ = try PixelBuffer(width: width, height: height, layout: .rgb, bytes: [UInt8](repeating: 0, count: count))
            }
            #expect(error?.code == .invalidOption)
        }
        let buffer = try PixelBuffer(width: 2, height: 1, layout: .gray, bytes: [7, 9])
        #expect(buffer[1, 0] == [9])
        #expect(buffer[2, 0] == nil && buffer[-1, 0] == nil && buffer[0, 1] == nil)
    }

    @Test("resampling to sizes or from regions that make no sense")
    func resampling() throws {
        let buffer = try PixelBuffer(width: 8, height: 8, layout: .rgb, bytes: [UInt8](repeating: 128, count: 192))
        let empty = try PixelBuffer(width: 0, height: 0, layout: .rgb, bytes: [])
        let cases: [() throws -> PixelBuffer] = [
            { try buffer.resampled(width: 0, height: 4) },
            { try buffer.resampled(width: -3, height: 4) },
            { try buffer.resampled(width: 100_000, height: 4) },
            { try buffer.resampled(width: 60_000, height: 60_000) },
            { try buffer.resampled(width: 4, height: 4, from: PixelRegion(x: .nan, y: 0, width: 4, height: 4)) },
            { try buffer.resampled(width: 4, height: 4, from: PixelRegion(x: 0, y: 0, width: .infinity, height: 4)) },
            { try buffer.resampled(width: 4, height: 4, from: PixelRegion(x: 6, y: 0, width: 4, height: 4)) },
            { try buffer.resampled(width: 4, height: 4, from: PixelRegion(x: 0, y: 0, width: 0, height: 4)) },
            { try empty.resampled(width: 4, height: 4) },
        ]
        for make in cases {
            let error = #expect(throws: ProfileImageError.self) { _ = try make() }
            #expect(error?.code == .invalidOption)
        }
        let good = try buffer.resampled(width: 3, height: 5, from: PixelRegion(x: 0.5, y: 0.5, width: 7, height: 7))
        #expect(good.width == 3 && good.height == 5 && good.bytes.allSatisfy { $0 == 128 })
    }

    @Test("header arithmetic and the centred square on any size")
    func sizes() throws {
        #expect(CropRectangle.centredSquare(width: -5, height: 10) == CropRectangle(x: 0, y: 5, width: 0, height: 0))
        #expect(CropRectangle.centredSquare(width: Int.min, height: Int.max).width == 0)
        #expect(CropRectangle.centredSquare(width: 30, height: 10) == CropRectangle(x: 10, y: 0, width: 10, height: 10))
        var info = try ImageDecoder().info(try Fixtures.bytes("valid/baseline-420.jpg"))
        (info.width, info.height) = (1 << 40, 1 << 40)
        #expect(info.pixelCount == .max)
        info.height = 3
        #expect(info.pixelCount == 3 << 40)
    }

    @Test("encoder settings out of range")
    func encoderSettings() throws {
        let buffer = try PixelBuffer(width: 4, height: 4, layout: .rgb, bytes: [UInt8](repeating: 0, count: 48))
        for quality in [0, 101, Int.max, Int.min] {
            var options = JPEGEncodingOptions()
            options.quality = quality
            let error = #expect(throws: ProfileImageError.self) { _ = try ImageEncoder.jpeg(buffer, options: options) }
            #expect(error?.code == .invalidOption)
        }
        let error = #expect(throws: ProfileImageError.self) {
            _ = try ImageEncoder.png(buffer, options: PNGEncodingOptions(compressionLevel: Int.max))
        }
        #expect(error?.code == .invalidOption)
    }
}
