extension ProfileImagePipeline {
    /// Both outputs when `image` can be the source's own coefficients (see
    /// ``Configuration/copiesUnchangedJPEG``); `nil` when it cannot, or when the copy would not
    /// fit the byte budget, and the pixels must be re-encoded.
    func losslessCopy(_ bytes: [UInt8], info: ImageInfo, plan: OutputPlan, crop: PixelRegion) throws -> ProcessedImage? {
        guard configuration.copiesUnchangedJPEG, info.format == .jpeg, info.orientation == .up,
            !configuration.keepMetadata, configuration.format.resolved(hasTransparency: false) == .jpeg,
            info.colorModel == .yCbCr || info.colorModel == .gray,
            let quality = info.estimatedQuality, quality <= configuration.jpeg.quality,
            plan.imageWidth == info.width, plan.imageHeight == info.height
        else { return nil }
        let layout: PixelLayout = info.colorModel == .gray ? .gray : .rgb
        let icc = info.iccProfile.map(ICCProfile.init).flatMap {
            $0.isEmbeddable(in: layout, policy: configuration.iccProfile) ? $0.bytes : nil
        }
        let copy = try JPEGDecoding.transcode(
            bytes, options: configuration.decoding, encoding: configuration.jpeg, iccProfile: icc)
        if let budget = configuration.maxBytes, copy.count > budget { return nil }
        var image = EncodedImage(bytes: copy, format: .jpeg, width: info.width, height: info.height, quality: quality)
        image.isLosslessCopy = true

        // The crop from its own region of the decode, as libjpeg delivers the rows.
        let cropSize = plan.storedCropSize
        let decoder = ImageDecoder(options: configuration.decoding)
        let decoded = try decoder.run(
            bytes, depth: .resampled(plan.scale, region: crop, width: cropSize.width, height: cropSize.height))
        let cropped = try encode(decoded.pixels, format: .jpeg, info: info)
        return ProcessedImage(image: image, croppedImage: cropped, crop: plan.crop, source: info, decodeScale: decoded.scale)
    }
}
