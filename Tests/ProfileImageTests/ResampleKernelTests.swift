import CProfileImageKernels
import Testing

/// Every kernel path (portable C, SSE2, AVX2) must compute exactly the textbook fixed-point sum,
/// so that output bytes never depend on the CPU that made them.
@Suite("Resampling kernels agree exactly on every CPU path")
struct ResampleKernelTests {
    static let paths = [PIK_KERNEL_PORTABLE, PIK_KERNEL_SSE2, PIK_KERNEL_AVX2].filter { pik_kernel_available($0) != 0 }

    static func expected(_ sum: Int) -> UInt8 { UInt8(max(0, min(255, (sum + 8192) >> 14))) }

    @Test("vertical: any tap count, any length, weights of both signs", arguments: paths)
    func vertical(path: pik_kernel_path) {
        var random = SplitMix64(seed: 7)
        for count in [1, 2, 3, 7, 8, 18, 43] {
            for length in [1, 15, 16, 17, 31, 32, 33, 100, 1000] {
                let rows = (0..<count).map { _ in (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
                let weights = (0..<count).map { _ in Int16(truncatingIfNeeded: Int(random.next() % 24_000) - 6_000) }
                var output = [UInt8](repeating: 0, count: length)
                let pointers = rows.map { $0.withUnsafeBufferPointer { $0.baseAddress! } }
                withExtendedLifetime(rows) {
                    pointers.map(Optional.some).withUnsafeBufferPointer { pointers in
                        pik_resample_vertical_using(path, pointers.baseAddress!, weights, Int32(count), &output, length)
                    }
                }
                let reference = (0..<length).map { i in
                    Self.expected((0..<count).reduce(0) { $0 + Int(rows[$1][i]) * Int(weights[$1]) })
                }
                #expect(output == reference, "path \(path.rawValue), \(count) taps, length \(length)")
            }
        }
    }

    @Test("horizontal: 1, 3 and 4 channels, uneven tap counts", arguments: paths)
    func horizontal(path: pik_kernel_path) {
        var random = SplitMix64(seed: 11)
        for channels in [1, 3, 4] {
            for taps in [1, 2, 5, 8, 13, 40] {
                let inputPixels = 300
                let outputCount = 77
                let input = (0..<inputPixels * channels + 8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let counts = (0..<outputCount).map { _ in Int32(1 + Int(random.next() % UInt64(taps))) }
                let starts = counts.map { Int32(random.next() % UInt64(inputPixels - Int($0) + 1)) }
                let weights = (0..<outputCount * taps).map { _ in Int16(truncatingIfNeeded: Int(random.next() % 24_000) - 6_000) }
                var output = [UInt8](repeating: 0, count: outputCount * channels)
                pik_resample_horizontal_using(
                    path, input, &output, Int32(outputCount), Int32(channels), starts, counts, weights, Int32(taps))
                var reference = [UInt8](repeating: 0, count: outputCount * channels)
                for x in 0..<outputCount {
                    for c in 0..<channels {
                        let sum = (0..<Int(counts[x])).reduce(0) {
                            $0 + Int(input[(Int(starts[x]) + $1) * channels + c]) * Int(weights[x * taps + $1])
                        }
                        reference[x * channels + c] = Self.expected(sum)
                    }
                }
                #expect(output == reference, "path \(path.rawValue), \(channels) channels, \(taps) taps")
            }
        }
    }
}
