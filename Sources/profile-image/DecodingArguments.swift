import ArgumentParser
import ProfileImage

/// Decoding limits and damage policy, shared by every command that reads images.
struct DecodingArguments: ParsableArguments {
    @Option(help: "strict: any damage libjpeg/libpng report is an error; tolerant: accept what they can recover.")
    var policy: DecodingOptions.Policy = .strict

    @Option(help: ArgumentHelp("Refuse inputs with more pixels than this (decompression-bomb guard).", valueName: "n"))
    var maxInputPixels: Int = DecodingOptions.Limits().maxPixels

    @Option(help: ArgumentHelp("Refuse inputs wider or taller than this.", valueName: "n"))
    var maxInputSide: Int = DecodingOptions.Limits().maxWidth

    func validate() throws {
        guard maxInputPixels > 0 else { throw ValidationError("--max-input-pixels must be positive") }
        guard maxInputSide > 0 else { throw ValidationError("--max-input-side must be positive") }
    }

    var options: DecodingOptions {
        DecodingOptions(
            limits: .init(maxWidth: maxInputSide, maxHeight: maxInputSide, maxPixels: maxInputPixels), policy: policy)
    }
}

extension DecodingOptions.Policy: ExpressibleByArgument {}
