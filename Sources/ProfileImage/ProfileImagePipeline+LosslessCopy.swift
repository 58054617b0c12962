extension ProfileImagePipeline {
    /// Both outputs when `image` can be the source itself with its metadata left out (see
    /// ``Configuration/copiesUnchangedJPEG``); `nil` when it cannot, or when the copy would not
    /// fit the byte budget, and the pixels must be re-encoded.
    func losslessCopy(_ bytes: [UInt8], info: ImageInfo, plan: OutputPlan, crop: PixelRegion) throws -> ProcessedImage? {
        // Arithmetic coding stays out: browsers cannot show it, so it is re-encoded with Huffman.
        guard configuration.copiesUnchangedJPEG, info.format == .jpeg, info.orientation == .up,
            !info.isArithmeticCoded, !configuration.keepMetadata,
            configuration.format.resolved(hasTransparency: false) == .jpeg,
            info.colorModel == .yCbCr || info.colorModel == .gray,
            let quality = info.estimatedQuality, quality <= configuration.jpeg.quality,
            plan.imageWidth == info.width, plan.imageHeight == info.height
        else { return nil }
        let layout: PixelLayout = info.colorModel == .gray ? .gray : .rgb
        let keepsICC = info.iccProfile.map(ICCProfile.init).map {
            $0.isEmbeddable(in: layout, policy: configuration.iccProfile)
        } ?? false

        // The crop, from its own region of a full decode: every row is decoded (those the crop
        // does not need into a scratch row), so this is the validation too, strict policy and all.
        let cropSize = plan.storedCropSize
        let decoded = try ImageDecoder(options: configuration.decoding).run(
            bytes, depth: .resampled(plan.scale, region: crop, width: cropSize.width, height: cropSize.height))
        // Only a pristine file is copied: slack between segments (a warning) is where bytes the
        // walk would misread could hide, and damage a tolerant decode recovered from would be
        // copied out as it is.
        guard info.warnings.isEmpty, decoded.info.warnings.isEmpty, decoded.recoveredDamage == nil,
            let copy = JPEGSegmentCopy.stripped(bytes, keepingICCProfile: keepsICC)
        else { return nil }
        if let budget = configuration.maxBytes, copy.count > budget { return nil }
        var image = EncodedImage(bytes: copy, format: .jpeg, width: info.width, height: info.height, quality: quality)
        image.isLosslessCopy = true
        let cropped = try encode(decoded.pixels, format: .jpeg, info: info)
        return ProcessedImage(image: image, croppedImage: cropped, crop: plan.crop, source: info, decodeScale: decoded.scale)
    }
}
