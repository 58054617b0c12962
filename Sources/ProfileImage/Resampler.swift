/// Separable Lanczos-3 resampling of 8-bit interleaved pixels, in fixed point.
///
/// The vertical pass runs first: each output row is a weighted sum of whole source rows, a
/// contiguous loop over bytes that LLVM turns into SIMD multiply-adds whatever the channel
/// count. The horizontal pass then works on the already reduced row count. Only the columns the
/// horizontal pass reads are filtered vertically, so a crop costs its own area, not the image's.
enum Resampler {
    /// Resamples the `region` of `source` (in source pixels, fractional allowed) to
    /// `width` x `height`.
    static func resample(_ source: PixelBuffer, region: PixelRegion, width: Int, height: Int) -> PixelBuffer {
        let horizontal = ResampleAxis(
            sourceLength: source.width, regionStart: region.x, regionLength: region.width, outputLength: width)
        let vertical = ResampleAxis(
            sourceLength: source.height, regionStart: region.y, regionLength: region.height, outputLength: height)
        let columns = horizontal.sourceRange
        let channels = source.layout.channels
        // Vertical pass: height rows of the needed columns.
        let middleWidth = columns.count
        let middle = verticalPass(source, axis: vertical, columns: columns)
        // Horizontal pass, with source indices made relative to the first needed column.
        var bytes = [UInt8](repeating: 0, count: width * height * channels)
        middle.withUnsafeBufferPointer { input in
            bytes.withUnsafeMutableBufferPointer { output in
                horizontal.weights.withUnsafeBufferPointer { weights in
                    for y in 0..<height {
                        horizontalRow(
                            input.baseAddress! + y * middleWidth * channels, output.baseAddress! + y * width * channels,
                            axis: horizontal, offset: columns.lowerBound, weights: weights.baseAddress!,
                            channels: channels)
                    }
                }
            }
        }
        return PixelBuffer(width: width, height: height, layout: source.layout, bytes: bytes)
    }

    private static let rounding = Int32(1 << (ResampleAxis.precision - 1))

    private static func verticalPass(_ source: PixelBuffer, axis: ResampleAxis, columns: Range<Int>) -> [UInt8] {
        let channels = source.layout.channels
        let rowBytes = columns.count * channels
        let firstByte = columns.lowerBound * channels
        let stride = source.rowStride
        var output = [UInt8](repeating: 0, count: rowBytes * axis.outputLength)
        source.bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                axis.weights.withUnsafeBufferPointer { weights in
                    var rows = [UnsafePointer<UInt8>](repeating: input.baseAddress!, count: axis.taps)
                    for y in 0..<axis.outputLength {
                        let count = axis.counts[y]
                        for k in 0..<count {
                            rows[k] = input.baseAddress! + (axis.starts[y] + k) * stride + firstByte
                        }
                        rows.withUnsafeBufferPointer { rows in
                            verticalRow(
                                rows.baseAddress!, count: count, weights: weights.baseAddress! + y * axis.taps,
                                output: output.baseAddress! + y * rowBytes, length: rowBytes)
                        }
                    }
                }
            }
        }
        return output
    }

    /// One output row: `output[i] = sum_k weights[k] * rows[k][i]`, 16 bytes at a time.
    @inline(__always)
    private static func verticalRow(
        _ rows: UnsafePointer<UnsafePointer<UInt8>>,
        count: Int,
        weights: UnsafePointer<Int16>,
        output: UnsafeMutablePointer<UInt8>,
        length: Int
    ) {
        let low = SIMD16<Int32>(repeating: 0)
        let high = SIMD16<Int32>(repeating: 255)
        var i = 0
        while i + 16 <= length {
            var sum = SIMD16<Int32>(repeating: rounding)
            for k in 0..<count {
                let pixels = UnsafeRawPointer(rows[k] + i).loadUnaligned(as: SIMD16<UInt8>.self)
                sum &+= SIMD16<Int32>(truncatingIfNeeded: pixels) &* Int32(weights[k])
            }
            let value = (sum &>> Int32(ResampleAxis.precision)).clamped(lowerBound: low, upperBound: high)
            UnsafeMutableRawPointer(output + i).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: value), as: SIMD16<UInt8>.self)
            i += 16
        }
        while i < length {
            var sum = rounding
            for k in 0..<count { sum &+= Int32(rows[k][i]) &* Int32(weights[k]) }
            output[i] = UInt8(clamping: sum &>> Int32(ResampleAxis.precision))
            i += 1
        }
    }

    @inline(__always)
    private static func horizontalRow(
        _ input: UnsafePointer<UInt8>,
        _ output: UnsafeMutablePointer<UInt8>,
        axis: ResampleAxis,
        offset: Int,
        weights: UnsafePointer<Int16>,
        channels: Int
    ) {
        let shift = Int32(ResampleAxis.precision)
        switch channels {
        case 4:
            for x in 0..<axis.outputLength {
                let w = weights + x * axis.taps
                let p = input + (axis.starts[x] - offset) * 4
                var sum = SIMD4<Int32>(repeating: rounding)
                for k in 0..<axis.counts[x] {
                    let pixel = UnsafeRawPointer(p + k * 4).loadUnaligned(as: SIMD4<UInt8>.self)
                    sum &+= SIMD4<Int32>(truncatingIfNeeded: pixel) &* Int32(w[k])
                }
                let value = (sum &>> shift).clamped(lowerBound: .zero, upperBound: SIMD4(repeating: 255))
                UnsafeMutableRawPointer(output + x * 4).storeBytes(
                    of: SIMD4<UInt8>(truncatingIfNeeded: value), as: SIMD4<UInt8>.self)
            }
        case 3:
            for x in 0..<axis.outputLength {
                let w = weights + x * axis.taps
                let p = input + (axis.starts[x] - offset) * 3
                var r = rounding
                var g = rounding
                var b = rounding
                for k in 0..<axis.counts[x] {
                    let weight = Int32(w[k])
                    r &+= Int32(p[3 * k]) &* weight
                    g &+= Int32(p[3 * k + 1]) &* weight
                    b &+= Int32(p[3 * k + 2]) &* weight
                }
                output[3 * x] = UInt8(clamping: r &>> shift)
                output[3 * x + 1] = UInt8(clamping: g &>> shift)
                output[3 * x + 2] = UInt8(clamping: b &>> shift)
            }
        default:
            for x in 0..<axis.outputLength {
                let w = weights + x * axis.taps
                let p = input + (axis.starts[x] - offset)
                var sum = rounding
                for k in 0..<axis.counts[x] { sum &+= Int32(p[k]) &* Int32(w[k]) }
                output[x] = UInt8(clamping: sum &>> shift)
            }
        }
    }
}
