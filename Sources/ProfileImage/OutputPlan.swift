/// Output sizes, the crop and the decode scale for one input, worked out from its header alone.
struct OutputPlan {
    /// The crop in the upright, full-resolution image.
    let crop: CropRectangle
    /// `image` output size, upright.
    let imageWidth: Int
    let imageHeight: Int
    /// `cropped_image` output size, upright.
    let cropWidth: Int
    let cropHeight: Int
    /// The DCT scale to decode at.
    let scale: JPEGScale
    let swapsDimensions: Bool

    /// Only libjpeg-turbo's power-of-two scales are worth taking: its 3/8, 5/8, 6/8 and 7/8
    /// IDCTs are plain C and decode slower than the SIMD full-size path (measured with djpeg on
    /// an 18 MP baseline JPEG: 0.11 s at 3/4, 0.08 s at 3/8, 0.07 s at 1/1, 0.06 s at 1/2).
    static let candidateScales: [JPEGScale] = [.eighth, .quarter, .half]

    init(info: ImageInfo, crop requested: CropRectangle?, configuration: ProfileImagePipeline.Configuration) throws {
        let width = info.orientedWidth
        let height = info.orientedHeight
        let crop = requested ?? .centredSquare(width: width, height: height)
        try crop.check(insideWidth: width, height: height)
        let upscale = configuration.allowUpscale
        let image = Self.fit(width, height, longSide: configuration.maxSide, allowUpscale: upscale)
        let cropped = Self.fit(crop.width, crop.height, longSide: configuration.croppedSize, allowUpscale: upscale)
        let largest = min(configuration.decoding.limits.maxPixels, PixelBuffer.maxResampledPixels)
        for (name, size) in [("image", image), ("cropped_image", cropped)] where size.width * size.height > largest {
            throw ProfileImageError.usage(
                .invalidOption, "The \(name) output would be \(size.width)x\(size.height), above the limit of \(largest) pixels")
        }
        self.crop = crop
        (imageWidth, imageHeight) = image
        (cropWidth, cropHeight) = cropped
        swapsDimensions = info.orientation.swapsDimensions

        var chosen = JPEGScale.full
        if info.format == .jpeg && configuration.shrinkOnLoad {
            let margin = configuration.shrinkOnLoadMargin
            let needs = [(width, image.width), (height, image.height), (crop.width, cropped.width), (crop.height, cropped.height)]
            chosen =
                Self.candidateScales.first { scale in
                    needs.allSatisfy { source, output in
                        Double(source * scale.eighths) / 8 >= margin * Double(output)
                    }
                } ?? .full
        }
        scale = chosen
    }

    /// The `image` output size in stored orientation (what the resampler produces before the
    /// orientation is applied).
    var storedImageSize: (width: Int, height: Int) {
        swapsDimensions ? (imageHeight, imageWidth) : (imageWidth, imageHeight)
    }

    /// Whether the `image` output is the decoded picture itself: full scale and nothing to resize.
    func keepsDecodedSize(of info: ImageInfo) -> Bool {
        scale == .full && storedImageSize == (info.width, info.height)
    }

    /// The `cropped_image` size in stored orientation.
    var storedCropSize: (width: Int, height: Int) {
        swapsDimensions ? (cropHeight, cropWidth) : (cropWidth, cropHeight)
    }

    /// `width` x `height` scaled so that the longer side is `longSide`, never enlarged unless allowed.
    static func fit(_ width: Int, _ height: Int, longSide: Int, allowUpscale: Bool) -> (width: Int, height: Int) {
        let long = max(width, height)
        guard long > longSide || (allowUpscale && long < longSide) else { return (width, height) }
        let factor = Double(longSide) / Double(long)
        return (max(1, Int((Double(width) * factor).rounded())), max(1, Int((Double(height) * factor).rounded())))
    }
}
