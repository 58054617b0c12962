/// Turns one photo into the two files a profile API takes: `image` (the whole picture, upright,
/// metadata stripped, long side capped) and `cropped_image` (a square crop, by default centred).
///
/// One decode serves both outputs. A JPEG is decoded at the smallest DCT scale that still leaves
/// ``Configuration/shrinkOnLoadMargin`` times the pixels the outputs need (shrink-on-load); both
/// outputs are then made with a Lanczos-3 resampler, EXIF orientation applied, and encoded.
///
/// ```swift
/// let pipeline = ProfileImagePipeline()
/// let result = try pipeline.process(bytes, crop: CropRectangle(x: 120, y: 40, width: 800, height: 800))
/// upload(image: result.image.bytes, croppedImage: result.croppedImage.bytes)
/// ```
///
/// A value type with no shared state; the same input and configuration always give the same bytes.
public struct ProfileImagePipeline: Sendable {
    /// What to make, and how.
    public var configuration: Configuration

    /// Creates a pipeline (by default: 2048 px `image`, 512 px `cropped_image`, JPEG quality 85).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Makes both outputs from the bytes of a JPEG or PNG.
    /// - Parameter crop: the crop in the upright full-resolution image; the centred square if `nil`.
    /// - Throws: ``ProfileImageError``: the validation codes for inputs that are not intact JPEG
    ///   or PNG images, ``ProfileImageError/Code/invalidCrop``, ``ProfileImageError/Code/invalidOption``,
    ///   ``ProfileImageError/Code/budgetUnreachable``, ``ProfileImageError/Code/encodingFailed``.
    public func process(_ bytes: [UInt8], crop: CropRectangle? = nil) throws -> ProcessedImage {
        try configuration.check()
        let decoder = ImageDecoder(options: configuration.decoding)
        let info = try decoder.info(bytes)
        let plan = try OutputPlan(info: info, crop: crop, configuration: configuration)
        let decoded = try decoder.decode(bytes, scale: plan.scale)

        var pixels = decoded.pixels
        let format = configuration.format.resolved(hasTransparency: pixels.hasTransparency)
        // JPEG has no alpha: flatten before resampling. PNG keeps alpha, resampled premultiplied.
        pixels = format == .jpeg ? pixels.flattened(onto: configuration.background) : pixels.premultiplied()

        let orientation = info.orientation
        let scale = Double(decoded.scale.eighths) / 8
        let whole = PixelRegion(x: 0, y: 0, width: Double(info.width) * scale, height: Double(info.height) * scale)
        let imageSize = plan.storedImageSize
        let storedImage = Self.resample(pixels, region: whole, width: imageSize.width, height: imageSize.height)

        let cropRegion = orientation.storedRegion(
            of: PixelRegion(
                x: Double(plan.crop.x) * scale, y: Double(plan.crop.y) * scale,
                width: Double(plan.crop.width) * scale, height: Double(plan.crop.height) * scale),
            storedWidth: whole.width, storedHeight: whole.height)
        let cropSize = plan.storedCropSize
        let storedCrop = cropFromSmallestSource(
            decoded: pixels, whole: whole, storedImage: storedImage, region: cropRegion, size: cropSize)

        let image = try encode(storedImage.oriented(orientation).unpremultiplied(), format: format, info: info)
        let cropped = try encode(storedCrop.oriented(orientation).unpremultiplied(), format: format, info: info)
        return ProcessedImage(
            image: image, croppedImage: cropped, crop: plan.crop, source: info, decodeScale: decoded.scale)
    }

    /// The crop is resampled from the `image` output when that still has `shrinkOnLoadMargin`
    /// times the crop's pixels, which costs a fraction of going back to the full decode and, by
    /// the same margin argument as shrink-on-load, loses nothing visible.
    private func cropFromSmallestSource(
        decoded: PixelBuffer, whole: PixelRegion, storedImage: PixelBuffer, region: PixelRegion,
        size: (width: Int, height: Int)
    ) -> PixelBuffer {
        let ratioX = Double(storedImage.width) / whole.width
        let ratioY = Double(storedImage.height) / whole.height
        let margin = configuration.shrinkOnLoadMargin
        if region.width * ratioX >= margin * Double(size.width) && region.height * ratioY >= margin * Double(size.height) {
            let inImage = PixelRegion(
                x: region.x * ratioX, y: region.y * ratioY, width: region.width * ratioX, height: region.height * ratioY)
            return Self.resample(storedImage, region: inImage, width: size.width, height: size.height)
        }
        return Self.resample(decoded, region: region, width: size.width, height: size.height)
    }

    private static func resample(_ source: PixelBuffer, region: PixelRegion, width: Int, height: Int) -> PixelBuffer {
        let identity =
            region == PixelRegion(x: 0, y: 0, width: Double(source.width), height: Double(source.height))
            && width == source.width && height == source.height
        return identity ? source : Resampler.resample(source, region: region, width: width, height: height)
    }
}
