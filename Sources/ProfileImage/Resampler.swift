import CProfileImageKernels

/// Separable Lanczos-3 resampling of 8-bit interleaved pixels, in fixed point.
///
/// For each output row the vertical pass runs first: a weighted sum of whole source rows, the
/// same loop whatever the channel count. The horizontal pass then works on that one row. Only the
/// columns the horizontal pass reads are filtered vertically, so a crop costs its own area, not
/// the image's. The innermost loops are the SIMD kernels of `CProfileImageKernels`; weights and
/// bookkeeping stay here.
struct Resampler {
    /// Bytes the horizontal kernel may read past the last pixel of its input.
    private static let readPadding = 8

    let horizontal: ResampleAxis
    let vertical: ResampleAxis
    let channels: Int

    /// Weights for resampling the `region` of a `sourceWidth` x `sourceHeight` image (in source
    /// pixels, fractional allowed) to `width` x `height`.
    init(sourceWidth: Int, sourceHeight: Int, channels: Int, region: PixelRegion, width: Int, height: Int) {
        horizontal = ResampleAxis(
            sourceLength: sourceWidth, regionStart: region.x, regionLength: region.width, outputLength: width)
        vertical = ResampleAxis(
            sourceLength: sourceHeight, regionStart: region.y, regionLength: region.height, outputLength: height)
        self.channels = channels
    }

    /// Resamples the `region` of `source` to `width` x `height`.
    static func resample(_ source: PixelBuffer, region: PixelRegion, width: Int, height: Int) -> PixelBuffer {
        let resampler = Resampler(
            sourceWidth: source.width, sourceHeight: source.height, channels: source.layout.channels, region: region,
            width: width, height: height)
        let stride = source.rowStride
        let bytes = source.bytes.withUnsafeBufferPointer { input in
            resampler.run { row in input.baseAddress! + row * stride }
        }
        return PixelBuffer(width: width, height: height, layout: source.layout, uncheckedBytes: bytes)
    }

    /// Makes every output row, top to bottom. `sourceRow(r)` gives the start of source row `r`;
    /// it is asked for rows in non-decreasing order within each output row and never for a row
    /// more than ``ResampleAxis/taps`` below the lowest row the current output row reads, so a
    /// caller may stream rows through a window of that many.
    ///
    /// Each output row is filtered vertically into one small row buffer and at once
    /// horizontally, so no intermediate image is ever allocated and the row stays in cache.
    func run(sourceRow: (Int) throws -> UnsafePointer<UInt8>) rethrows -> [UInt8] {
        let width = horizontal.outputLength
        let height = vertical.outputLength
        let columns = horizontal.sourceRange
        let rowBytes = columns.count * channels
        let firstByte = columns.lowerBound * channels
        // The horizontal kernel's source indices are relative to the first column kept.
        let starts = horizontal.starts.map { Int32($0 - columns.lowerBound) }
        let counts = horizontal.counts.map { Int32($0) }
        var row = [UInt8](repeating: 0, count: rowBytes + Self.readPadding)
        var rows = [UnsafePointer<UInt8>?](repeating: nil, count: vertical.taps)
        return try [UInt8](unsafeUninitializedCapacity: width * height * channels) { output, initialised in
            try row.withUnsafeMutableBufferPointer { row in
                try rows.withUnsafeMutableBufferPointer { rows in
                    try starts.withUnsafeBufferPointer { starts in
                        try counts.withUnsafeBufferPointer { counts in
                            try vertical.weights.withUnsafeBufferPointer { verticalWeights in
                                try horizontal.weights.withUnsafeBufferPointer { horizontalWeights in
                                    for y in 0..<height {
                                        let count = vertical.counts[y]
                                        for k in 0..<count {
                                            rows[k] = try sourceRow(vertical.starts[y] + k) + firstByte
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
            initialised = output.count
        }
    }
}
