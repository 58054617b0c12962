import Testing

@testable import ProfileImage

@Suite("Shrink-on-load through libjpeg's DCT scaling")
struct JPEGScaleTests {
    @Test(arguments: 1...8)
    func decodesAtEveryScale(eighths: Int) throws {
        let scale = try #require(JPEGScale(eighths: eighths))
        let image = try ImageDecoder().decode(try Fixtures.bytes("valid/baseline-444.jpg"), scale: scale)
        // libjpeg rounds up: ceil(70 * n / 8) by ceil(46 * n / 8).
        #expect(image.pixels.width == (70 * eighths + 7) / 8)
        #expect(image.pixels.height == (46 * eighths + 7) / 8)
        #expect(image.scale == scale)
        #expect(image.info.width == 70, "the header still gives the stored size")
        // Quadrant centres keep their colours at every scale.
        let red = image.pixels.at(image.pixels.width / 4, image.pixels.height / 4)
        let white = image.pixels.at(image.pixels.width * 3 / 4, image.pixels.height * 3 / 4)
        #expect(red[0] > 230 && red[1] < 30 && red[2] < 30, "\(red)")
        #expect(white.allSatisfy { $0 > 230 }, "\(white)")
    }

    @Test("scales outside 1...8 do not exist")
    func range() {
        #expect(JPEGScale(eighths: 0) == nil)
        #expect(JPEGScale(eighths: 9) == nil)
        #expect(JPEGScale.eighth.scaled(70) == 9)
    }

    @Test("PNG ignores the scale: it has no DCT to shrink in")
    func pngIsFullSize() throws {
        let image = try ImageDecoder().decode(try Fixtures.bytes("valid/rgb-8.png"), scale: .eighth)
        #expect(image.pixels.width == 70 && image.scale == .full)
    }

    @Test("CMYK scaled decodes still convert to RGB")
    func cmykScaled() throws {
        let image = try ImageDecoder().decode(try Fixtures.bytes("valid/cmyk-adobe.jpg"), scale: .half)
        #expect(image.pixels.layout == .rgb)
        let green = image.pixels.at(image.pixels.width * 3 / 4, image.pixels.height / 4)
        #expect(green[0] < 30 && green[1] > 225 && green[2] < 30, "\(green)")
    }
}
