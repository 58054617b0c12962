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

    /// Makes both outputs (JPEG or PNG) from the bytes of an image of any accepted format.
    /// - Parameter crop: the crop in the upright full-resolution image; the centred square if `nil`.
    /// - Throws: ``ProfileImageError``: the validation codes for inputs that are not intact JPEG
    ///   or PNG images, ``ProfileImageError/Code/invalidCrop``, ``ProfileImageError/Code/invalidOption``,
    ///   ``ProfileImageError/Code/budgetUnreachable``, ``ProfileImageError/Code/encodingFailed``.
    public func process(_ bytes: [UInt8], crop: CropRectangle? = nil) throws -> ProcessedImage {
        var timings = StageTimings()
        return try process(bytes, crop: crop, timings: &timings)
    }

    /// ``process(_:crop:)``, adding how long each stage took to `timings` (for metrics).
    /// - Parameters:
    ///   - crop: the crop in the upright full-resolution image; the configured strategy's if `nil`.
    ///   - timings: where each stage's time is added (also when the job then fails).
    /// - Throws: what ``process(_:crop:)`` throws.
    public func process(_ bytes: [UInt8], crop: CropRectangle? = nil, timings: inout StageTimings) throws -> ProcessedImage {
        try configuration.check()
        let decoder = ImageDecoder(options: configuration.decoding)
        let info = try timings.measure(\.decode) { try decoder.info(bytes) }
        // The face and attention strategies look at the `image` output before they place the
        // crop; until then the plan is the centred square's.
        let frames = crop == nil && configuration.cropStrategy != .centre
        var plan = try OutputPlan(info: info, crop: crop, configuration: configuration)
        var choice = CropChoice(mode: crop == nil ? .centre : .given)

        let orientation = info.orientation
        let scale = Double(plan.scale.eighths) / 8
        let whole = PixelRegion(x: 0, y: 0, width: Double(info.width) * scale, height: Double(info.height) * scale)
        let imageSize = plan.storedImageSize
        var cropRegion = storedRegion(plan.crop, info: info, scale: plan.scale)
        var cropSize = plan.storedCropSize
        let colour = ColourConverter(info: info, policy: configuration.iccProfile)
        if !frames, !colour.changesPixels,
            var copied = try timings.measure(\.encode, { try losslessCopy(bytes, info: info, plan: plan, crop: cropRegion) })
        {
            copied.colour = colour.handling
            copied.cropChoice = choice
            return copied
        }
        let keepsInk = colour.keepsInk(of: info)
        // A JPEG output of a picture with alpha is flattened onto the background, which is an
        // sRGB colour: when the picture's colours are converted, that waits until they are.
        let flattensEarly = !colour.changesPixels
        let cropInImage = regionInImage(cropRegion, whole: whole, imageSize: imageSize, cropSize: cropSize)

        let decodeScale: JPEGScale
        let storedImage: PixelBuffer
        var storedCrop: PixelBuffer
        let format: ImageFormat
        let streams = info.format == .jpeg || (info.format == .png && !info.isProgressive)
        if streams, cropInImage != nil, !plan.keepsDecodedSize(of: info) {
            // The common case: the image output is resampled from the rows as the codec decodes
            // them, through a window of a few rows, and the crop is made from the image output,
            // so the decoded picture is never held whole. RGBA arrives premultiplied, so a JPEG
            // output is flattened after resampling (compositing commutes with it).
            let streamed = try timings.measure(\.decode) {
                try decoder.run(
                    bytes, depth: .resampled(plan.scale, region: whole, width: imageSize.width, height: imageSize.height),
                    keepsInk: keepsInk)
            }
            decodeScale = streamed.scale
            format = configuration.format.resolved(hasTransparency: streamed.sawTransparency)
            var image = streamed.pixels
            if frames {
                let framed = try timings.measure(\.framing) { try framedCrop(from: image, info: info, colour: colour) }
                let decodedScale = plan.scale
                (plan, choice) = (try OutputPlan(info: info, crop: framed.0, configuration: configuration), framed.1)
                cropRegion = storedRegion(plan.crop, info: info, scale: decodedScale)
                cropSize = plan.storedCropSize
            }
            // A framed crop may be tighter than the image output serves without a visible loss:
            // then it is decoded again, only its region resampled, at the scale its plan chose.
            if let inImage = regionInImage(cropRegion, whole: whole, imageSize: imageSize, cropSize: cropSize) {
                storedCrop = timings.measure(\.resample) {
                    Self.resample(image, region: inImage, width: cropSize.width, height: cropSize.height)
                }
            } else {
                storedCrop = try timings.measure(\.decode) { try decodedCrop(bytes, plan: plan, info: info, keepsInk: keepsInk) }
            }
            if format == .jpeg && flattensEarly {
                image = image.flattenedPremultiplied(onto: configuration.background)
                storedCrop = storedCrop.flattenedPremultiplied(onto: configuration.background)
            }
            storedImage = image
        } else {
            let decoded = try timings.measure(\.decode) { try decoder.run(bytes, depth: .pixels(plan.scale), keepsInk: keepsInk) }
            decodeScale = decoded.scale
            // Consumed, so that premultiplying works in place on the only reference.
            var pixels = (consume decoded).pixels
            format = configuration.format.resolved(hasTransparency: pixels.hasTransparency)
            // JPEG has no alpha: flatten before resampling (after colour conversion, when there is
            // one). PNG keeps alpha, resampled premultiplied.
            if format == .jpeg && flattensEarly {
                pixels = pixels.flattened(onto: configuration.background)
            } else {
                pixels.premultiply()
            }
            storedImage = timings.measure(\.resample) {
                Self.resample(pixels, region: whole, width: imageSize.width, height: imageSize.height)
            }
            var decodedAtCropScale = true
            if frames {
                let framed = try timings.measure(\.framing) { try framedCrop(from: storedImage, info: info, colour: colour) }
                let framedPlan = try OutputPlan(info: info, crop: framed.0, configuration: configuration)
                choice = framed.1
                cropRegion = storedRegion(framedPlan.crop, info: info, scale: plan.scale)
                cropSize = framedPlan.storedCropSize
                // A tighter crop may need more detail than these pixels, decoded for the centred one, have.
                decodedAtCropScale = framedPlan.scale.eighths <= plan.scale.eighths
                plan = framedPlan
            }
            if let inImage = regionInImage(cropRegion, whole: whole, imageSize: imageSize, cropSize: cropSize) {
                storedCrop = timings.measure(\.resample) {
                    Self.resample(storedImage, region: inImage, width: cropSize.width, height: cropSize.height)
                }
            } else if decodedAtCropScale {
                storedCrop = timings.measure(\.resample) {
                    Self.resample(pixels, region: cropRegion, width: cropSize.width, height: cropSize.height)
                }
            } else {
                storedCrop = try timings.measure(\.decode) { try decodedCrop(bytes, plan: plan, info: info, keepsInk: keepsInk) }
                if format == .jpeg && flattensEarly {
                    storedCrop = storedCrop.flattenedPremultiplied(onto: configuration.background)
                }
            }
        }

        // Colours are converted on the two small rasters, after resampling: it costs little there
        // (CMYK becomes RGB here); then a JPEG output of a converted picture is flattened.
        func finished(_ stored: PixelBuffer) -> PixelBuffer {
            let converted = colour.converted(stored.oriented(orientation).unpremultiplied())
            return format == .jpeg && !flattensEarly ? converted.flattened(onto: configuration.background) : converted
        }
        let (image, cropped) = try timings.measure(\.encode) {
            (try encode(finished(storedImage), format: format, info: info), try encode(finished(storedCrop), format: format, info: info))
        }
        return ProcessedImage(
            image: image, croppedImage: cropped, crop: plan.crop, source: info, decodeScale: decodeScale,
            colour: colour.handling, cropChoice: choice)
    }

    /// The crop of `plan` decoded again at the plan's scale, only its region resampled
    /// (premultiplied if it has alpha).
    private func decodedCrop(_ bytes: [UInt8], plan: OutputPlan, info: ImageInfo, keepsInk: Bool) throws -> PixelBuffer {
        let region = storedRegion(plan.crop, info: info, scale: plan.scale)
        let size = plan.storedCropSize
        return try ImageDecoder(options: configuration.decoding).run(
            bytes, depth: .resampled(plan.scale, region: region, width: size.width, height: size.height),
            keepsInk: keepsInk
        ).pixels
    }

    /// `crop` (upright, full resolution) as a region of the stored picture decoded at `scale`.
    private func storedRegion(_ crop: CropRectangle, info: ImageInfo, scale: JPEGScale) -> PixelRegion {
        let factor = Double(scale.eighths) / 8
        return info.orientation.storedRegion(
            of: PixelRegion(
                x: Double(crop.x) * factor, y: Double(crop.y) * factor,
                width: Double(crop.width) * factor, height: Double(crop.height) * factor),
            storedWidth: Double(info.width) * factor, storedHeight: Double(info.height) * factor)
    }

    /// The crop's region in the `image` output, when the crop can be made from that: when it
    /// still has twice the crop's pixels, which costs a fraction of going back to the full decode
    /// and loses nothing visible. Twice whatever ``Configuration/shrinkOnLoadMargin`` says: a DCT
    /// scale is a clean box filter, but a second Lanczos pass at a ratio near 1 would blur.
    /// `nil` when the crop must come from the decoded pixels.
    private func regionInImage(
        _ region: PixelRegion, whole: PixelRegion, imageSize: (width: Int, height: Int),
        cropSize: (width: Int, height: Int)
    ) -> PixelRegion? {
        let margin = 2.0
        let ratioX = Double(imageSize.width) / whole.width
        let ratioY = Double(imageSize.height) / whole.height
        guard region.width * ratioX >= margin * Double(cropSize.width),
            region.height * ratioY >= margin * Double(cropSize.height)
        else { return nil }
        return PixelRegion(
            x: region.x * ratioX, y: region.y * ratioY, width: region.width * ratioX, height: region.height * ratioY)
    }

    private static func resample(_ source: PixelBuffer, region: PixelRegion, width: Int, height: Int) -> PixelBuffer {
        let identity =
            region == PixelRegion(x: 0, y: 0, width: Double(source.width), height: Double(source.height))
            && width == source.width && height == source.height
        return identity ? source : Resampler.resample(source, region: region, width: width, height: height)
    }
}
