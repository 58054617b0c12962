import Testing

@testable import ProfileImage

@Suite("Shrink-on-load planning")
struct OutputPlanTests {
    static func info(_ width: Int, _ height: Int, format: ImageFormat = .jpeg, orientation: ExifOrientation = .up)
        -> ImageInfo
    {
        ImageInfo(
            format: format, width: width, height: height, colorModel: .yCbCr, bitDepth: 8, isProgressive: false,
            hasAlpha: false, chromaSubsampling: "4:2:0", isArithmeticCoded: false, orientation: orientation,
            iccProfile: nil, exif: nil)
    }

    @Test(
        "the smallest power-of-two DCT scale that still keeps margin x the pixels both outputs need",
        arguments: [
            // margin, width, height, maxSide, crop, expected eighths. Margin 1 (the default, as
            // libvips): the scale still covers the outputs.
            (1.0, 6000, 4000, 2048, nil, 4),  // 1/2 leaves 3000 >= 2048; 1/4 leaves 1500
            (1.0, 6000, 4000, 1024, nil, 2),  // 1500 >= 1024; 1/8 leaves 750
            (1.0, 12000, 9000, 2048, nil, 2),
            (1.0, 24000, 16000, 1024, nil, 1),
            (1.0, 12000, 9000, 1024, CropRectangle(x: 0, y: 0, width: 600, height: 600), 8),  // 300 < 512 at 1/2
            (1.0, 12000, 9000, 1024, CropRectangle(x: 0, y: 0, width: 4200, height: 4200), 1),  // 525 >= 512
            (1.0, 12000, 9000, 1024, CropRectangle(x: 0, y: 0, width: 3000, height: 3000), 2),  // 375 < 512 at 1/8
            (1.0, 800, 600, 2048, nil, 8),
            // Margin 2 (Pillow's reducing_gap): twice the pixels.
            (2.0, 6000, 4000, 2048, nil, 8),  // 1/2 leaves 3000 < 2 x 2048
            (2.0, 6000, 4000, 1024, nil, 4),  // 3000 >= 2048 and 2000 >= 1024; 1/4 leaves 1500
            (2.0, 12000, 9000, 2048, nil, 4),
            (2.0, 24000, 16000, 1024, nil, 1),  // 3000 >= 2048, 2000 >= 1024
            (2.0, 12000, 9000, 1024, CropRectangle(x: 0, y: 0, width: 600, height: 600), 8),  // a small crop needs every pixel
            (2.0, 12000, 9000, 1024, CropRectangle(x: 0, y: 0, width: 4200, height: 4200), 2),  // 1050 >= 1024
            (2.0, 12000, 9000, 1024, CropRectangle(x: 0, y: 0, width: 3000, height: 3000), 4),  // 750 < 1024 at 1/4
            (2.0, 800, 600, 2048, nil, 8),
        ] as [(Double, Int, Int, Int, CropRectangle?, Int)])
    func scale(margin: Double, width: Int, height: Int, maxSide: Int, crop: CropRectangle?, eighths: Int) throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxSide = maxSide
        #expect(configuration.shrinkOnLoadMargin == 1, "the default margin")
        configuration.shrinkOnLoadMargin = margin
        let plan = try OutputPlan(info: Self.info(width, height), crop: crop, configuration: configuration)
        #expect(plan.scale.eighths == eighths)
    }

    @Test("PNG, or shrink-on-load switched off, decodes at full size")
    func fullSize() throws {
        var configuration = ProfileImagePipeline.Configuration()
        #expect(try OutputPlan(info: Self.info(12000, 9000, format: .png), crop: nil, configuration: configuration).scale == .full)
        configuration.shrinkOnLoad = false
        #expect(try OutputPlan(info: Self.info(12000, 9000), crop: nil, configuration: configuration).scale == .full)
    }

    @Test("sizes are planned in the upright image")
    func orientedSizes() throws {
        let plan = try OutputPlan(
            info: Self.info(4000, 3000, orientation: .right), crop: nil, configuration: .init())
        #expect(plan.imageWidth == 1536 && plan.imageHeight == 2048)
        #expect(plan.crop == CropRectangle(x: 0, y: 500, width: 3000, height: 3000))
        #expect(plan.storedImageSize == (2048, 1536))
    }
}
