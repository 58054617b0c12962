import ArgumentParser
import ProfileImage

/// Decoding limits and damage policy, shared by every command that reads images.
struct DecodingArguments: ParsableArguments {
    @Option(help: "strict: any damage libjpeg/libpng report is an error; tolerant: accept what they can recover.")
    var policy: DecodingOptions.Policy = .strict

    @Option(help: ArgumentHelp("Refuse images with more pixels than this (decompression-bomb guard).", valueName: "n"))
    var maxPixels: Int = DecodingOptions.Limits().maxPixels

    @Option(help: ArgumentHelp("Refuse images wider or taller than this.", valueName: "n"))
    var maxSide: Int = DecodingOptions.Limits().maxWidth

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        guard maxSide > 0 else { throw ValidationError("--max-side must be positive") }
    }

    var options: DecodingOptions {
        DecodingOptions(limits: .init(maxWidth: maxSide, maxHeight: maxSide, maxPixels: maxPixels), policy: policy)
    }
}

extension DecodingOptions.Policy: ExpressibleByArgument {}
