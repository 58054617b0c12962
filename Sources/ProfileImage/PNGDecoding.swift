import CProfileImageShims

/// PNG decoding over the C shim. Every call into libpng goes through `CProfileImageShims`, which
/// catches libpng's longjmps before they can reach a Swift frame.
enum PNGDecoding {
    /// Decodes a PNG as far as `depth` says (the JPEG scale does not apply); the pixel buffer is
    /// empty unless it asks for pixels. Verifying checks every CRC, the deflate stream, Adler-32
    /// and IEND.
    static func decode(_ bytes: [UInt8], options: DecodingOptions, depth: DecodeDepth) throws -> DecodedImage {
        try checkDeclaredSize(bytes, limits: options.limits)
        return try bytes.withUnsafeBufferPointer { input in
            let limits = options.limits
            guard
                let decoder = pik_png_decoder_create(
                    input.baseAddress, input.count, options.policy == .strict ? 1 : 0,
                    UInt32(clamping: limits.maxWidth), UInt32(clamping: limits.maxHeight))
            else {
                throw ProfileImageError.outOfMemory(.png)
            }
            defer { pik_png_decoder_destroy(decoder) }
            var diagnostic = pik_diagnostic()
            func check(_ status: pik_status) throws {
                guard status == PIK_OK else {
                    throw ProfileImageError(diagnostic: diagnostic, format: .png, inputSize: input.count)
                }
            }

            var header = pik_png_header()
            try check(pik_png_read_header(decoder, &header, &diagnostic))
            let info = imageInfo(header)
            try limits.check(width: info.width, height: info.height, format: .png)
            let layout: PixelLayout = header.channels == 4 ? .rgba : header.channels == 1 ? .gray : .rgb
            let empty = PixelBuffer(width: 0, height: 0, layout: layout, uncheckedBytes: [])
            /// The result, with what the decoder noted on the way.
            func finished(_ pixels: PixelBuffer) -> DecodedImage {
                var notes = [pik_diagnostic](repeating: pik_diagnostic(), count: Int(PIK_MAX_NOTES))
                let count = Int(pik_png_notes(decoder, &notes, PIK_MAX_NOTES))
                var info = info
                info.warnings = notes.prefix(count).map {
                    ProfileImageError(diagnostic: $0, format: .png, inputSize: input.count).reason
                }
                if count > notes.count { info.warnings.append("PNG: \(count - notes.count) more of the same kind") }
                return DecodedImage(info: info, pixels: pixels)
            }
            if depth == .header { return finished(empty) }

            let stride = info.width * layout.channels
            if depth == .verify {
                var row = [UInt8](repeating: 0, count: stride)
                try check(row.withUnsafeMutableBufferPointer { pik_png_read_pixels(decoder, $0.baseAddress, 0, &diagnostic) })
                return finished(empty)
            }
            if case .resampled(_, let region, let width, let height) = depth, header.interlaced == 0 {
                let (pixels, transparent) = try streamed(
                    decoder, info: info, layout: layout, region: region, width: width, height: height,
                    inputSize: input.count)
                var image = finished(pixels)
                image.sawTransparency = transparent
                return image
            }
            var status = PIK_OK
            let bytes = [UInt8](unsafeUninitializedCapacity: stride * info.height) { buffer, count in
                status = pik_png_read_pixels(decoder, buffer.baseAddress, stride, &diagnostic)
                // Rows past a failure are uninitialised; UInt8 needs no deinitialisation.
                count = status == PIK_OK ? buffer.count : 0
            }
            try check(status)
            var pixels = PixelBuffer(width: info.width, height: info.height, layout: layout, uncheckedBytes: bytes)
            if case .resampled(_, let region, let width, let height) = depth {
                let transparent = pixels.hasTransparency
                pixels.premultiply()
                var image = finished(Resampler.resample(pixels, region: region, width: width, height: height))
                image.sawTransparency = transparent
                return image
            }
            return finished(pixels)
        }
    }

    /// A non-interlaced PNG resampled as libpng delivers its rows, through a window of a few
    /// rows (premultiplied on the way in, as `.resampled` asks), so the picture is never held
    /// whole. Every row is still decoded, and every alpha value seen, to the last one.
    private static func streamed(
        _ decoder: OpaquePointer, info: ImageInfo, layout: PixelLayout, region: PixelRegion, width: Int, height: Int,
        inputSize: Int
    ) throws -> (PixelBuffer, transparent: Bool) {
        var diagnostic = pik_diagnostic()
        func check(_ status: pik_status) throws {
            guard status == PIK_OK else { throw ProfileImageError(diagnostic: diagnostic, format: .png, inputSize: inputSize) }
        }
        var transparent = false
        var delivered = 0
        let resampler = Resampler(
            sourceWidth: info.width, sourceHeight: info.height, channels: layout.channels, region: region,
            width: width, height: height)
        let bytes = try resampler.runStreaming(sourceWidth: info.width) { rows, rowStride, count in
            try check(pik_png_read_rows(decoder, rows, rowStride, UInt32(count), &diagnostic))
            delivered += count
            if layout == .rgba {
                transparent = PixelBuffer.premultiplyRows(rows, byteCount: rowStride * count) || transparent
            }
        }
        // The rows below the last one the output reads: decoded one at a time into a scratch row,
        // so that damage there is found and their alpha counts too; then IEND.
        let stride = info.width * layout.channels
        var row = [UInt8](repeating: 0, count: stride)
        try row.withUnsafeMutableBufferPointer { row in
            if layout == .rgba {
                for _ in delivered..<info.height {
                    try check(pik_png_read_rows(decoder, row.baseAddress, stride, 1, &diagnostic))
                    transparent = PixelBuffer.premultiplyRows(row.baseAddress!, byteCount: stride) || transparent
                }
            }
            try check(pik_png_read_pixels(decoder, row.baseAddress, 0, &diagnostic))
        }
        return (PixelBuffer(width: width, height: height, layout: layout, uncheckedBytes: bytes), transparent)
    }

    /// Reads the size straight from IHDR, so that a bomb is refused with a clear reason before
    /// libpng is even started. (libpng's own user limits stay on as a backstop, but only say
    /// "Invalid IHDR data".) A missing or damaged IHDR is left for libpng to diagnose.
    private static func checkDeclaredSize(_ bytes: [UInt8], limits: DecodingOptions.Limits) throws {
        guard bytes.count >= 24, bytes[12..<16].elementsEqual("IHDR".utf8) else { return }
        func u32(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        let width = u32(16)
        let height = u32(20)
        guard width > 0, height > 0 else { return }
        try limits.check(width: width, height: height, format: .png)
    }

    private static func imageInfo(_ header: pik_png_header) -> ImageInfo {
        let colorModel: ImageInfo.ColorModel =
            switch header.color_type {
            case 0: .gray
            case 2: .rgb
            case 3: .palette
            case 4: .grayAlpha
            default: .rgba
            }
        let exif = [UInt8](copying: header.exif, count: header.exif_length)
        return ImageInfo(
            format: .png,
            width: Int(header.width),
            height: Int(header.height),
            colorModel: colorModel,
            bitDepth: Int(header.bit_depth),
            isProgressive: header.interlaced != 0,
            hasAlpha: header.channels == 4,
            chromaSubsampling: nil,
            isArithmeticCoded: false,
            orientation: exif.flatMap(ExifParser.orientation(inTIFF:)) ?? .up,
            iccProfile: [UInt8](copying: header.icc, count: header.icc_length),
            exif: exif
        )
    }

    /// The codec library and its version, e.g. `libpng 1.2.3`.
    static var libraryVersion: String { "libpng " + String(cString: pik_png_library_version()) }
}
