#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lanczos-3 weights for resampling one axis, computed once per resize and reused for every row
/// (or column): for each output index, the first source index and up to ``taps`` fixed-point
/// weights that sum to exactly 1 (so flat areas stay exactly flat).
///
/// Output pixel `i` is centred on source coordinate `regionStart + (i + 0.5) * scale`, where
/// pixel `x` covers `[x, x + 1)`. When shrinking, the kernel is widened by the scale so that it
/// low-passes before sampling. At the image border the window is cut short and the remaining
/// weights renormalised (Pillow's rule), so borders are neither darkened nor mirrored; inside a
/// crop, the window reads the real pixels around the crop.
struct ResampleAxis {
    /// Fixed-point fraction bits of the weights: 1.0 is `1 << precision`.
    static let precision = 14
    /// Lanczos lobes.
    static let lobes = 3.0

    let outputLength: Int
    /// Weights per output index (padded with zeros to this length).
    let taps: Int
    /// First source index read for each output index.
    let starts: [Int]
    /// Source indices read for each output index (`<= taps`).
    let counts: [Int]
    /// `outputLength * taps` weights, row-major by output index.
    let weights: [Int16]

    /// The lowest and one past the highest source index any output reads.
    var sourceRange: Range<Int> {
        guard let first = starts.min() else { return 0..<0 }
        let end = zip(starts, counts).map { $0 + $1 }.max() ?? first
        return first..<end
    }

    init(sourceLength: Int, regionStart: Double, regionLength: Double, outputLength: Int) {
        precondition(sourceLength > 0 && outputLength > 0 && regionLength > 0)
        let scale = regionLength / Double(outputLength)
        let filterScale = max(scale, 1)
        let support = Self.lobes * filterScale
        let taps = Int((support * 2).rounded(.up)) + 2
        var starts = [Int](repeating: 0, count: outputLength)
        var counts = [Int](repeating: 0, count: outputLength)
        var weights = [Int16](repeating: 0, count: outputLength * taps)
        var real = [Double](repeating: 0, count: taps)
        let one = Double(1 << Self.precision)
        for i in 0..<outputLength {
            let centre = regionStart + (Double(i) + 0.5) * scale
            let first = max(0, Int((centre - support).rounded(.down)))
            let end = min(sourceLength, Int((centre + support).rounded(.up)) + 1, first + taps)
            var total = 0.0
            var count = 0
            for x in first..<max(first, end) {
                let weight = Self.lanczos((Double(x) + 0.5 - centre) / filterScale)
                real[x - first] = weight
                total += weight
                count += 1
            }
            // A centre outside the image (never for valid regions) would leave nothing: take the edge.
            if count == 0 || total == 0 {
                starts[i] = min(max(0, Int(centre)), sourceLength - 1)
                counts[i] = 1
                weights[i * taps] = Int16(1 << Self.precision)
                continue
            }
            // Quantise, then put the rounding remainder on the largest weight: the sum is exact.
            var sum = 0
            var largest = 0
            for k in 0..<count {
                let q = Int((real[k] / total * one).rounded())
                weights[i * taps + k] = Int16(q)
                sum += q
                if q > Int(weights[i * taps + largest]) { largest = k }
            }
            weights[i * taps + largest] = Int16(Int(weights[i * taps + largest]) + (1 << Self.precision) - sum)
            starts[i] = first
            counts[i] = count
        }
        self.outputLength = outputLength
        self.taps = taps
        self.starts = starts
        self.counts = counts
        self.weights = weights
    }

    private static func lanczos(_ x: Double) -> Double {
        let x = abs(x)
        guard x < lobes else { return 0 }
        guard x > 1e-9 else { return 1 }
        let px = Double.pi * x
        return lobes * sin(px) * sin(px / lobes) / (px * px)
    }
}
