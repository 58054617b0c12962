import CProfileImageShims

/// JPEG decoding over the C shim. Every call into libjpeg goes through `CProfileImageShims`,
/// which catches libjpeg's longjmps before they can reach a Swift frame.
enum JPEGDecoding {
    /// Decodes a JPEG as far as `depth` says; the pixel buffer is empty unless it asks for pixels.
    /// - Parameter keepsInk: decode CMYK and YCCK to ``PixelLayout/cmyk`` (for a colour-managed
    ///   conversion later) instead of RGB by the naive formula.
    static func decode(
        _ bytes: [UInt8], options: DecodingOptions, depth: DecodeDepth, keepsInk: Bool = false
    ) throws -> DecodedImage {
        // libjpeg skips junk while hunting for the first marker and, if the file ends first,
        // calls it a premature end; junk right after SOI is no truncated JPEG but a corrupt one.
        if bytes.count > 2 && bytes[2] != 0xFF {
            throw ProfileImageError.invalidImage(
                .corruptData, "JPEG: no marker follows SOI (byte 2 is 0x\(String(bytes[2], radix: 16)))",
                format: .jpeg, offset: 2)
        }
        return try bytes.withUnsafeBufferPointer { input in
            let strict: Int32 = options.policy == .strict ? 1 : 0
            let maxScans = Int32(clamping: options.limits.maxProgressiveScans)
            guard let decoder = pik_jpeg_decoder_create(input.baseAddress, input.count, strict, maxScans) else {
                throw ProfileImageError.outOfMemory(.jpeg)
            }
            defer { pik_jpeg_decoder_destroy(decoder) }
            var diagnostic = pik_diagnostic()
            func check(_ status: pik_status) throws {
                guard status == PIK_OK else {
                    throw ProfileImageError(diagnostic: diagnostic, format: .jpeg, inputSize: input.count)
                }
            }

            var header = pik_jpeg_header()
            try check(pik_jpeg_read_header(decoder, &header, &diagnostic))
            let info = imageInfo(header)
            try options.limits.check(width: info.width, height: info.height, format: .jpeg)
            let scale: JPEGScale
            switch depth {
            case .header:
                return DecodedImage(
                    info: withNotes(info, decoder: decoder, inputSize: input.count),
                    pixels: PixelBuffer(width: 0, height: 0, layout: .rgb, uncheckedBytes: []))
            case .verify: scale = .eighth
            case .pixels(let requested), .resampled(let requested, _, _, _): scale = requested
            }

            var width: UInt32 = 0
            var height: UInt32 = 0
            var channels: Int32 = 0
            if keepsInk { pik_jpeg_keep_ink(decoder) }
            try check(pik_jpeg_start(decoder, Int32(scale.eighths), &width, &height, &channels, &diagnostic))
            let layout: PixelLayout = channels == 1 ? .gray : channels == 4 ? .cmyk : .rgb
            let stride = Int(width) * layout.channels
            var pixels = PixelBuffer(width: 0, height: 0, layout: layout, uncheckedBytes: [])
            /// Decodes the rows not read yet into one scratch row and reads through EOI.
            func readRemainingRows() throws {
                var row = [UInt8](repeating: 0, count: stride)
                try check(row.withUnsafeMutableBufferPointer { pik_jpeg_read_pixels(decoder, $0.baseAddress, 0, &diagnostic) })
            }
            switch depth {
            case .pixels:
                var status = PIK_OK
                let bytes = [UInt8](unsafeUninitializedCapacity: stride * Int(height)) { buffer, count in
                    status = pik_jpeg_read_pixels(decoder, buffer.baseAddress, stride, &diagnostic)
                    // Rows past a failure are uninitialised; UInt8 needs no deinitialisation.
                    count = status == PIK_OK ? buffer.count : 0
                }
                try check(status)
                pixels = PixelBuffer(width: Int(width), height: Int(height), layout: layout, uncheckedBytes: bytes)
            case .resampled(_, let region, let outputWidth, let outputHeight):
                let resampler = Resampler(
                    sourceWidth: Int(width), sourceHeight: Int(height), channels: layout.channels, region: region,
                    width: outputWidth, height: outputHeight)
                let bytes = try resampler.runStreaming(sourceWidth: Int(width)) { rows, rowStride, count in
                    try check(pik_jpeg_read_rows(decoder, rows, rowStride, UInt32(count), &diagnostic))
                }
                pixels = PixelBuffer(width: outputWidth, height: outputHeight, layout: layout, uncheckedBytes: bytes)
                // The rows below the last one the output reads are decoded too, into one scratch
                // row (as `.verify` does): damage there must be found all the same.
                try readRemainingRows()
            case .header, .verify:
                try readRemainingRows()
            }
            var warning = pik_diagnostic()
            let damage =
                pik_jpeg_warnings(decoder, &warning) > 0
                ? ProfileImageError(diagnostic: warning, format: .jpeg, inputSize: input.count).reason : nil
            return DecodedImage(
                info: withNotes(info, decoder: decoder, inputSize: input.count), pixels: pixels, scale: scale,
                recoveredDamage: damage)
        }
    }

    /// `info` with the slack the decoder noted so far.
    private static func withNotes(_ info: ImageInfo, decoder: OpaquePointer, inputSize: Int) -> ImageInfo {
        var notes = [pik_diagnostic](repeating: pik_diagnostic(), count: Int(PIK_MAX_NOTES))
        let count = Int(pik_jpeg_notes(decoder, &notes, PIK_MAX_NOTES))
        var info = info
        info.warnings = notes.prefix(count).map { ProfileImageError(diagnostic: $0, format: .jpeg, inputSize: inputSize).reason }
        if count > notes.count { info.warnings.append("JPEG: \(count - notes.count) more of the same kind") }
        return info
    }

    private static func imageInfo(_ header: pik_jpeg_header) -> ImageInfo {
        let colorModel: ImageInfo.ColorModel =
            switch header.color_space {
            case PIK_JPEG_CS_GRAY: .gray
            case PIK_JPEG_CS_RGB: .rgb
            case PIK_JPEG_CS_YCBCR: .yCbCr
            case PIK_JPEG_CS_CMYK: .cmyk
            case PIK_JPEG_CS_YCCK: .ycck
            default: .unknown
            }
        let exif = [UInt8](copying: header.exif, count: header.exif_length)
        var info = ImageInfo(
            format: .jpeg,
            width: Int(header.width),
            height: Int(header.height),
            colorModel: colorModel,
            bitDepth: 8,
            isProgressive: header.progressive != 0,
            hasAlpha: false,
            chromaSubsampling: subsampling(header),
            isArithmeticCoded: header.arithmetic != 0,
            orientation: exif.flatMap(ExifParser.orientation(inTIFF:)) ?? .up,
            iccProfile: [UInt8](copying: header.icc, count: header.icc_length),
            exif: exif
        )
        info.estimatedQuality = header.estimated_quality > 0 ? Int(header.estimated_quality) : nil
        info.inkIsInverted = header.saw_adobe_marker != 0
        return info
    }

    private static func subsampling(_ header: pik_jpeg_header) -> String? {
        guard header.components >= 3, header.chroma_h_sampling > 0, header.chroma_v_sampling > 0,
            header.luma_h_sampling % header.chroma_h_sampling == 0,
            header.luma_v_sampling % header.chroma_v_sampling == 0
        else { return nil }
        switch (header.luma_h_sampling / header.chroma_h_sampling, header.luma_v_sampling / header.chroma_v_sampling) {
        case (1, 1): return "4:4:4"
        case (2, 1): return "4:2:2"
        case (2, 2): return "4:2:0"
        case (1, 2): return "4:4:0"
        case (4, 1): return "4:1:1"
        case let (h, v): return "\(h)x\(v)"
        }
    }

    /// The codec library and its version, e.g. `libjpeg-turbo 1.2.3`.
    static var libraryVersion: String { "libjpeg-turbo " + String(cString: pik_jpeg_library_version()) }
}
