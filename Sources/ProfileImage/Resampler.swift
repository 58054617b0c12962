import CProfileImageKernels

/// Separable Lanczos-3 resampling of 8-bit interleaved pixels, in fixed point.
///
/// The vertical pass runs first: each output row is a weighted sum of whole source rows, the
/// same loop whatever the channel count. The horizontal pass then works on the reduced row
/// count. Only the columns the horizontal pass reads are filtered vertically, so a crop costs
/// its own area, not the image's. The innermost loops are the SIMD kernels of
/// `CProfileImageKernels`; weights and bookkeeping stay here.
enum Resampler {
    /// Bytes the horizontal kernel may read past the last pixel of its input.
    private static let readPadding = 8

    /// Resamples the `region` of `source` (in source pixels, fractional allowed) to
    /// `width` x `height`.
    static func resample(_ source: PixelBuffer, region: PixelRegion, width: Int, height: Int) -> PixelBuffer {
        let horizontal = ResampleAxis(
            sourceLength: source.width, regionStart: region.x, regionLength: region.width, outputLength: width)
        let vertical = ResampleAxis(
            sourceLength: source.height, regionStart: region.y, regionLength: region.height, outputLength: height)
        let columns = horizontal.sourceRange
        let channels = source.layout.channels
        let middleStride = columns.count * channels
        let middle = verticalPass(source, axis: vertical, columns: columns)
        // The horizontal kernel's source indices are relative to the first column kept.
        let starts = horizontal.starts.map { Int32($0 - columns.lowerBound) }
        let counts = horizontal.counts.map { Int32($0) }
        let bytes = [UInt8](unsafeUninitializedCapacity: width * height * channels) { output, initialised in
            middle.withUnsafeBufferPointer { input in
                starts.withUnsafeBufferPointer { starts in
                    counts.withUnsafeBufferPointer { counts in
                        horizontal.weights.withUnsafeBufferPointer { weights in
                            for y in 0..<height {
                                pik_resample_horizontal(
                                    input.baseAddress! + y * middleStride, output.baseAddress! + y * width * channels,
                                    Int32(width), Int32(channels), starts.baseAddress!, counts.baseAddress!,
                                    weights.baseAddress!, Int32(horizontal.taps))
                            }
                        }
                    }
                }
            }
            initialised = output.count
        }
        return PixelBuffer(width: width, height: height, layout: source.layout, bytes: bytes)
    }

    /// `axis.outputLength` rows of the given columns, plus read padding for the horizontal kernel.
    private static func verticalPass(_ source: PixelBuffer, axis: ResampleAxis, columns: Range<Int>) -> [UInt8] {
        let channels = source.layout.channels
        let rowBytes = columns.count * channels
        let firstByte = columns.lowerBound * channels
        let stride = source.rowStride
        let total = rowBytes * axis.outputLength
        return [UInt8](unsafeUninitializedCapacity: total + readPadding) { output, initialised in
            source.bytes.withUnsafeBufferPointer { input in
                axis.weights.withUnsafeBufferPointer { weights in
                    var rows = [UnsafePointer<UInt8>?](repeating: nil, count: axis.taps)
                    rows.withUnsafeMutableBufferPointer { rows in
                        for y in 0..<axis.outputLength {
                            let count = axis.counts[y]
                            for k in 0..<count {
                                rows[k] = input.baseAddress! + (axis.starts[y] + k) * stride + firstByte
                            }
                            pik_resample_vertical(
                                rows.baseAddress!, weights.baseAddress! + y * axis.taps, Int32(count),
                                output.baseAddress! + y * rowBytes, rowBytes)
                        }
                    }
                }
            }
            (output.baseAddress! + total).initialize(repeating: 0, count: readPadding)
            initialised = output.count
        }
    }
}
