// Validation under both policies, the header read and a full decode: none may crash, hang or
// leak, and they must agree (what validates strictly decodes, with the same header).
import FuzzSupport
import Foundation
import ProfileImage

let strict = ImageDecoder(options: DecodingOptions(limits: .init(maxWidth: 4_096, maxHeight: 4_096, maxPixels: 4_000_000)))
let tolerant = ImageDecoder(
    options: DecodingOptions(limits: .init(maxWidth: 4_096, maxHeight: 4_096, maxPixels: 4_000_000), policy: .tolerant))

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let header = try? strict.info(bytes)
    if let info = try? strict.validate(bytes) {
        // Strictly valid: tolerant agrees, and the pixels decode at the size the header says.
        precondition((try? tolerant.validate(bytes)) != nil, "valid strictly but not tolerantly")
        guard let image = try? strict.decode(bytes) else { preconditionFailure("validates but does not decode") }
        precondition(image.pixels.width == info.width && image.pixels.height == info.height, "decoded size")
        precondition(header?.width == info.width, "header and validation disagree")
    } else {
        _ = try? tolerant.validate(bytes)
        _ = try? tolerant.decode(bytes, scale: .quarter)
    }
    return 0
}

@main
enum FuzzValidate {
    static func main() {
        runFuzzer { data, size in fuzz(data, size) }
    }
}
