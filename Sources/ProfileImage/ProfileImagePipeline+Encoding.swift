extension ProfileImagePipeline {
    /// Encodes one output with the configured metadata, within the byte budget if there is one.
    func encode(_ pixels: PixelBuffer, format: ImageFormat, info: ImageInfo) throws -> EncodedImage {
        let icc = info.iccProfile.map(ICCProfile.init).flatMap {
            $0.isEmbeddable(in: pixels.layout, policy: configuration.iccProfile) ? $0.bytes : nil
        }
        // The pixels are upright now: kept EXIF must not turn them again.
        let exif = configuration.keepMetadata ? info.exif.map(ExifParser.resettingOrientation(inTIFF:)) : nil
        let budget = configuration.maxBytes
        func output(_ bytes: [UInt8], quality: Int?) -> EncodedImage {
            EncodedImage(bytes: bytes, format: format, width: pixels.width, height: pixels.height, quality: quality)
        }
        func overBudget(_ bytes: [UInt8], _ setting: String) -> ProfileImageError {
            ProfileImageError.usage(
                .budgetUnreachable,
                "A \(pixels.width)x\(pixels.height) \(format.displayName) is \(bytes.count) bytes even at "
                    + "\(setting), above the budget of \(budget ?? 0) bytes")
        }

        if format == .png {
            var bytes = try ImageEncoder.png(pixels, options: configuration.png, iccProfile: icc, exif: exif)
            if let budget, bytes.count > budget {
                bytes = try ImageEncoder.png(
                    pixels, options: PNGEncodingOptions(compressionLevel: 9), iccProfile: icc, exif: exif)
                if bytes.count > budget { throw overBudget(bytes, "compression level 9") }
            }
            return output(bytes, quality: nil)
        }

        func jpeg(_ quality: Int) throws -> [UInt8] {
            var options = configuration.jpeg
            options.quality = quality
            // Under a byte budget every byte is quality: the optimal tables buy a higher quality.
            if budget != nil { options.optimizeHuffman = true }
            return try ImageEncoder.jpeg(pixels, options: options, iccProfile: icc, exif: exif)
        }
        let preferred = configuration.jpeg.quality
        let first = try jpeg(preferred)
        guard let budget, first.count > budget else { return output(first, quality: preferred) }
        // Highest quality that fits, by bisection between the floor and the preferred quality.
        var low = min(configuration.minimumQuality, preferred)
        var best = try jpeg(low)
        guard best.count <= budget else { throw overBudget(best, "quality \(low)") }
        var high = preferred - 1
        while low < high {
            let middle = (low + high + 1) / 2
            let bytes = try jpeg(middle)
            if bytes.count <= budget {
                (low, best) = (middle, bytes)
            } else {
                high = middle - 1
            }
        }
        return output(best, quality: low)
    }
}
