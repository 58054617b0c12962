// The whole pipeline with small outputs, and a crop, a crop strategy and a colour policy taken
// from the input's first bytes: any input, any crop, no crash; what it makes decodes again at
// the sizes it says.
import FuzzSupport
import Foundation
import ProfileImage

/// Every crop strategy with every colour policy: the detector, the attention map and Little CMS
/// (on whatever profile the input carries) all see fuzzed pictures.
let pipelines: [ProfileImagePipeline] = CropStrategy.allCases.flatMap { strategy in
    ICCProfilePolicy.allCases.map { policy in
        ProfileImagePipeline(
            configuration: .init(
                decoding: DecodingOptions(limits: .init(maxWidth: 4_096, maxHeight: 4_096, maxPixels: 4_000_000)),
                maxSide: 64, croppedSize: 16, iccProfile: policy, cropStrategy: strategy))
    }
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard size > 4, let data else { return 0 }
    let header = Array(UnsafeBufferPointer(start: data, count: 4))
    let bytes = Array(UnsafeBufferPointer(start: data + 4, count: size - 4))
    // Bytes 0-3 choose the crop (or none), so that corpora mutate it along with the image.
    let crop =
        header[0] & 1 == 0
        ? nil : CropRectangle(x: Int(header[1]) - 8, y: Int(header[2]) - 8, width: Int(header[3]) + 1, height: Int(header[3]) + 1)
    let pipeline = pipelines[Int(header[0] >> 1) % pipelines.count]
    guard let result = try? pipeline.process(bytes, crop: crop) else { return 0 }
    for output in [result.image, result.croppedImage] {
        guard let info = try? ImageDecoder().validate(output.bytes) else { preconditionFailure("an output does not validate") }
        precondition(info.width == output.width && info.height == output.height, "an output's size")
        precondition(max(output.width, output.height) <= 64, "an output beyond its bound")
    }
    return 0
}

@main
enum FuzzPipeline {
    static func main() {
        runFuzzer { data, size in fuzz(data, size) }
    }
}
