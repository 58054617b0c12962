import CProfileImageShims

extension JPEGDecoding {
    /// The JPEG written again from its own DCT coefficients (``pik_jpeg_transcode``): every
    /// coefficient entropy-decoded with the checks of a decode, no pixel changed, no metadata
    /// but `iccProfile`, new Huffman tables (optimised as `options` say), progressive as they
    /// say. The source's quality and subsampling stay.
    static func transcode(
        _ bytes: [UInt8], options: DecodingOptions, encoding: JPEGEncodingOptions, iccProfile: [UInt8]?
    ) throws -> [UInt8] {
        try bytes.withUnsafeBufferPointer { input in
            let strict: Int32 = options.policy == .strict ? 1 : 0
            let maxScans = Int32(clamping: options.limits.maxProgressiveScans)
            guard let decoder = pik_jpeg_decoder_create(input.baseAddress, input.count, strict, maxScans) else {
                throw ProfileImageError.outOfMemory(.jpeg)
            }
            defer { pik_jpeg_decoder_destroy(decoder) }
            var diagnostic = pik_diagnostic()
            var header = pik_jpeg_header()
            guard pik_jpeg_read_header(decoder, &header, &diagnostic) == PIK_OK else {
                throw ProfileImageError(diagnostic: diagnostic, format: .jpeg, inputSize: input.count)
            }
            var output: UnsafeMutablePointer<UInt8>?
            var length = 0
            var writing: Int32 = 0
            let status = (iccProfile ?? []).withUnsafeBufferPointer { icc in
                var settings = pik_jpeg_settings(
                    quality: Int32(encoding.quality), subsampling: 0, progressive: encoding.progressive ? 1 : 0,
                    optimize_coding: encoding.optimizeHuffman ? 1 : 0, icc: iccProfile == nil ? nil : icc.baseAddress,
                    icc_length: iccProfile == nil ? 0 : icc.count, exif: nil, exif_length: 0, fail_after_bytes: 0)
                return pik_jpeg_transcode(decoder, &settings, &output, &length, &writing, &diagnostic)
            }
            defer { pik_free(output) }
            guard status == PIK_OK, let output else {
                let failure = ProfileImageError(diagnostic: diagnostic, format: .jpeg, inputSize: writing != 0 ? 0 : input.count)
                guard writing != 0 else { throw failure }
                throw ProfileImageError(
                    code: .encodingFailed, message: "Could not encode the JPEG output", reason: failure.reason, format: .jpeg)
            }
            return [UInt8](UnsafeBufferPointer(start: output, count: length))
        }
    }
}
