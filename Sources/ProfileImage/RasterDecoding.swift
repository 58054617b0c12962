import CProfileImageShims

/// WebP, HEIC/AVIF, GIF, TIFF and BMP decoding over the C shim's one raster entry point. Each
/// library is called only from `CProfileImageShims`; the picture arrives whole, in stored
/// orientation, as grey, RGB or straight RGBA, and from there takes the same path as a PNG.
///
/// These formats are decoded whole at every depth but the header: none of their libraries hands
/// out rows with the integrity check still to come (libheif and libwebp decode a frame at once,
/// GIF interlaces, TIFF strips and tiles come in any order), so validation holds the picture
/// once, as Pillow's `verify()` followed by `load()` does.
enum RasterDecoding {
    /// Decodes `bytes`, recognised as `format`, as far as `depth` says.
    static func decode(_ bytes: [UInt8], format: ImageFormat, options: DecodingOptions, depth: DecodeDepth) throws
        -> DecodedImage
    {
        guard let code = shimFormat(format) else {
            throw ProfileImageError.invalidImage(
                .unsupportedFormat, "\(format.displayName) images are not decoded", format: format)
        }
        return try bytes.withUnsafeBufferPointer { input in
            let limits = options.limits
            let accepted = options.acceptedFormats
            let codecs = (accepted.contains(.heic) ? UInt32(PIK_HEIF_HEVC) : 0)
                | (accepted.contains(.avif) ? UInt32(PIK_HEIF_AV1) : 0)
            var bounds = pik_raster_limits(
                max_width: UInt32(clamping: limits.maxWidth), max_height: UInt32(clamping: limits.maxHeight),
                max_pixels: UInt64(clamping: limits.maxPixels), heif_codecs: codecs)
            guard
                let decoder = pik_raster_decoder_create(
                    code, input.baseAddress, input.count, &bounds, options.policy == .strict ? 1 : 0)
            else {
                throw ProfileImageError.outOfMemory(format)
            }
            defer { pik_raster_decoder_destroy(decoder) }
            var diagnostic = pik_diagnostic()
            func check(_ status: pik_status) throws {
                guard status == PIK_OK else {
                    // A header too large for the limits gets the same words as a JPEG's or PNG's.
                    if status == PIK_LIMIT, let size = declaredSize(diagnostic) {
                        try limits.check(width: size.width, height: size.height, format: format)
                    }
                    throw ProfileImageError(diagnostic: diagnostic, format: format, inputSize: input.count)
                }
            }
            var header = pik_raster_header()
            try check(pik_raster_read_header(decoder, &header, &diagnostic))
            var info = imageInfo(header, format: format)
            try limits.check(width: info.width, height: info.height, format: format)
            let layout: PixelLayout = header.channels == 4 ? .rgba : header.channels == 1 ? .gray : .rgb
            func finished(_ pixels: PixelBuffer) -> DecodedImage {
                var notes = [pik_diagnostic](repeating: pik_diagnostic(), count: Int(PIK_MAX_NOTES))
                let count = Int(pik_raster_notes(decoder, &notes, PIK_MAX_NOTES))
                info.frameCount = Int(pik_raster_frame_count(decoder))
                info.warnings = notes.prefix(count).map {
                    ProfileImageError(diagnostic: $0, format: format, inputSize: input.count).reason
                }
                if count > notes.count {
                    info.warnings.append("\(format.displayName): \(count - notes.count) more of the same kind")
                }
                return DecodedImage(info: info, pixels: pixels)
            }
            if depth == .header { return finished(PixelBuffer(width: 0, height: 0, layout: layout, uncheckedBytes: [])) }

            let stride = info.width * layout.channels
            var status = PIK_OK
            let bytes = [UInt8](unsafeUninitializedCapacity: stride * info.height) { buffer, count in
                status = pik_raster_read_pixels(decoder, buffer.baseAddress, stride, &diagnostic)
                // A failed decode may leave rows unwritten; UInt8 needs no deinitialisation.
                count = status == PIK_OK ? buffer.count : 0
            }
            try check(status)
            var pixels = PixelBuffer(width: info.width, height: info.height, layout: layout, uncheckedBytes: bytes)
            switch depth {
            case .verify:
                return finished(PixelBuffer(width: 0, height: 0, layout: layout, uncheckedBytes: []))
            case .resampled(_, let region, let width, let height):
                let transparent = pixels.hasTransparency
                pixels.premultiply()
                var image = finished(Resampler.resample(pixels, region: region, width: width, height: height))
                image.sawTransparency = transparent
                return image
            default:
                return finished(pixels)
            }
        }
    }

    /// The "WxH exceeds the limits" of a shim diagnostic, for the limit check's own message.
    private static func declaredSize(_ diagnostic: pik_diagnostic) -> (width: Int, height: Int)? {
        let message = withUnsafeBytes(of: diagnostic.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        guard let word = message.split(separator: " ").first else { return nil }
        let parts = word.split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        return (width, height)
    }

    static func shimFormat(_ format: ImageFormat) -> pik_raster_format? {
        switch format {
        case .webp: PIK_RASTER_WEBP
        case .heic, .avif: PIK_RASTER_HEIF
        case .gif: PIK_RASTER_GIF
        case .tiff: PIK_RASTER_TIFF
        case .bmp: PIK_RASTER_BMP
        default: nil
        }
    }

    private static func imageInfo(_ header: pik_raster_header, format: ImageFormat) -> ImageInfo {
        let alpha = header.channels == 4
        let colorModel: ImageInfo.ColorModel =
            switch header.color_model {
            case PIK_RASTER_MODEL_GRAY: alpha ? .grayAlpha : .gray
            case PIK_RASTER_MODEL_PALETTE: .palette
            case PIK_RASTER_MODEL_YCBCR: .yCbCr
            case PIK_RASTER_MODEL_CMYK: .cmyk
            default: alpha ? .rgba : .rgb
            }
        let exif = [UInt8](copying: header.exif, count: header.exif_length)
        // HEIF's decoder has turned the picture upright by its irot and imir already; its EXIF
        // orientation (an iPhone writes both) describes the stored picture and is not applied.
        let orientation: ExifOrientation =
            header.oriented_by_decoder != 0
            ? .up
            : ExifOrientation(rawValue: Int(header.orientation)) ?? exif.flatMap(ExifParser.orientation(inTIFF:)) ?? .up
        var info = ImageInfo(
            format: format,
            width: Int(header.width),
            height: Int(header.height),
            colorModel: colorModel,
            bitDepth: Int(header.bit_depth),
            isProgressive: false,
            hasAlpha: alpha,
            chromaSubsampling: nil,
            isArithmeticCoded: false,
            orientation: orientation,
            iccProfile: [UInt8](copying: header.icc, count: header.icc_length),
            exif: exif
        )
        info.frameCount = max(1, Int(header.frames))
        return info
    }

    /// The library that decodes `format` and its version, e.g. `libwebp 1.2.4`.
    static func libraryVersion(_ format: ImageFormat) -> String {
        guard let code = shimFormat(format) else { return "" }
        var buffer = [CChar](repeating: 0, count: 128)
        pik_raster_library_version(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
