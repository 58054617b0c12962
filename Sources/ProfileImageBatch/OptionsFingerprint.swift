import ProfileImage

/// XXH64 of everything that shapes the two outputs: the pipeline's configuration and the crop.
/// Work done with other options is not the same work.
enum OptionsFingerprint {
    static func of(_ configuration: ProfileImagePipeline.Configuration, crop: CropRectangle?) -> String {
        // A Set prints in an order that changes from process to process: the accepted formats
        // are spelt out in a fixed order instead.
        var stable = configuration
        stable.decoding.acceptedFormats = []
        let formats = ImageFormat.decodable.filter(configuration.decoding.acceptedFormats.contains).map(\.rawValue)
        return ContentHash.hex(
            String(reflecting: stable) + "|formats=\(formats.joined(separator: ","))"
                + "|crop=\(crop.map(String.init(describing:)) ?? "centre")")
    }
}
