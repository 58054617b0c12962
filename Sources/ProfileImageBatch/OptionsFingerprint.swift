import ProfileImage

/// XXH64 of everything that shapes the two outputs: the pipeline's configuration and the crop.
/// Work done with other options is not the same work.
enum OptionsFingerprint {
    static func of(_ configuration: ProfileImagePipeline.Configuration, crop: CropRectangle?) -> String {
        ContentHash.hex(String(reflecting: configuration) + "|crop=\(crop.map(String.init(describing:)) ?? "centre")")
    }
}
