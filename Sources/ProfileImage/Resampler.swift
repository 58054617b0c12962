import CProfileImageKernels

/// Separable Lanczos-3 resampling of 8-bit interleaved pixels, in fixed point.
///
/// For each output row the vertical pass runs first: a weighted sum of whole source rows, the
/// same loop whatever the channel count. The horizontal pass then works on that one row. Only the columns the horizontal pass reads are filtered vertically, so a crop costs
/// its own area, not the image's. The innermost loops are the SIMD kernels of
/// `CProfileImageKernels`; weights and bookkeeping stay here.
enum Resampler {
    /// Bytes the horizontal kernel may read past the last pixel of its input.
    private static let readPadding = 8

    /// Resamples the `region` of `source` (in source pixels, fractional allowed) to
    /// `width` x `height`. Each output row is filtered vertically into one small row buffer and
    /// at once horizontally, so no intermediate image is ever allocated and the row stays in cache.
    static func resample(_ source: PixelBuffer, region: PixelRegion, width: Int, height: Int) -> PixelBuffer {
        let horizontal = ResampleAxis(
            sourceLength: source.width, regionStart: region.x, regionLength: region.width, outputLength: width)
        let vertical = ResampleAxis(
            sourceLength: source.height, regionStart: region.y, regionLength: region.height, outputLength: height)
        let columns = horizontal.sourceRange
        let channels = source.layout.channels
        let rowBytes = columns.count * channels
        let firstByte = columns.lowerBound * channels
        let stride = source.rowStride
        // The horizontal kernel's source indices are relative to the first column kept.
        let starts = horizontal.starts.map { Int32($0 - columns.lowerBound) }
        let counts = horizontal.counts.map { Int32($0) }
        var row = [UInt8](repeating: 0, count: rowBytes + readPadding)
        var rows = [UnsafePointer<UInt8>?](repeating: nil, count: vertical.taps)
        let bytes = [UInt8](unsafeUninitializedCapacity: width * height * channels) { output, initialised in
            source.bytes.withUnsafeBufferPointer { input in
                row.withUnsafeMutableBufferPointer { row in
                    rows.withUnsafeMutableBufferPointer { rows in
                        starts.withUnsafeBufferPointer { starts in
                            counts.withUnsafeBufferPointer { counts in
                                vertical.weights.withUnsafeBufferPointer { verticalWeights in
                                    horizontal.weights.withUnsafeBufferPointer { horizontalWeights in
                                        for y in 0..<height {
                                            let count = vertical.counts[y]
                                            for k in 0..<count {
                                                rows[k] = input.baseAddress! + (vertical.starts[y] + k) * stride + firstByte
                                            }
                                            pik_resample_vertical(
                                                rows.baseAddress!, verticalWeights.baseAddress! + y * vertical.taps,
                                                Int32(count), row.baseAddress!, rowBytes)
                                            pik_resample_horizontal(
                                                row.baseAddress!, output.baseAddress! + y * width * channels,
                                                Int32(width), Int32(channels), starts.baseAddress!, counts.baseAddress!,
                                                horizontalWeights.baseAddress!, Int32(horizontal.taps))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            initialised = output.count
        }
        return PixelBuffer(width: width, height: height, layout: source.layout, bytes: bytes)
    }
}
