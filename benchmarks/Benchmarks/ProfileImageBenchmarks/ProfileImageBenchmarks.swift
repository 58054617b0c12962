import Benchmark
import Foundation
import ProfileImage
import ProfileUpload

/// A 12 MP photo-like picture (gradients and detail), encoded once outside the timed part.
private let width = 4032
private let height = 3024

private let photo: PixelBuffer = {
    var bytes = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
        for x in 0..<width {
            let detail = 40 * sin(Double(x) / 23 + Double(y) / 37) + 20 * sin(Double(x * y) / 90_000)
            let index = (y * width + x) * 3
            bytes[index] = UInt8(max(0, min(255, 110 + 60 * Double(x) / Double(width) + detail)))
            bytes[index + 1] = UInt8(max(0, min(255, 120 + detail)))
            bytes[index + 2] = UInt8(max(0, min(255, 60 + 140 * Double(y) / Double(height) + detail)))
        }
    }
    return try! PixelBuffer(width: width, height: height, layout: .rgb, bytes: bytes)
}()

private let baselineJPEG = try! ImageEncoder.jpeg(photo, options: JPEGEncodingOptions(quality: 90))
private let progressiveJPEG = try! ImageEncoder.jpeg(photo, options: JPEGEncodingOptions(quality: 90, progressive: true))
private let png = try! ImageEncoder.png(try! photo.resampled(width: 2016, height: 1512))

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(3), maxIterations: 50)

    for eighths in [1, 2, 4, 8] {
        Benchmark("decode baseline 12MP JPEG at \(eighths)/8") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try ImageDecoder().decode(baselineJPEG, scale: JPEGScale(eighths: eighths)!))
            }
        }
        Benchmark("decode progressive 12MP JPEG at \(eighths)/8") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try ImageDecoder().decode(progressiveJPEG, scale: JPEGScale(eighths: eighths)!))
            }
        }
    }

    Benchmark("decode 3MP RGB PNG") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ImageDecoder().decode(png)) }
    }

    Benchmark("validate 12MP JPEG") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ImageDecoder().validate(baselineJPEG)) }
    }

    Benchmark("resize 12MP to 2048x1536 (Lanczos-3)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! photo.resampled(width: 2048, height: 1536)) }
    }

    Benchmark("resize centre 3024 square to 512 (Lanczos-3)") { benchmark in
        let region = PixelRegion(x: 504, y: 0, width: 3024, height: 3024)
        for _ in benchmark.scaledIterations { blackHole(try! photo.resampled(width: 512, height: 512, from: region)) }
    }

    let small = try! photo.resampled(width: 2048, height: 1536)
    Benchmark("encode 2048x1536 JPEG q85") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ImageEncoder.jpeg(small)) }
    }

    Benchmark("encode 2048x1536 PNG level 6") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ImageEncoder.png(small)) }
    }

    Benchmark("pipeline: both outputs from a 12MP JPEG") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ProfileImagePipeline().process(baselineJPEG)) }
    }

    Benchmark("multipart build, 2 MB body") { benchmark in
        let image = Array(baselineJPEG.prefix(1_500_000))
        let crop = Array(baselineJPEG.prefix(500_000))
        for _ in benchmark.scaledIterations {
            var form = MultipartFormData()
            try form.append(image, name: "image", filename: "image.jpg", contentType: "image/jpeg")
            try form.append(crop, name: "cropped_image", filename: "cropped_image.jpg", contentType: "image/jpeg")
            blackHole(try form.encoded())
        }
    }
}
