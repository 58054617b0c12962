import ArgumentParser
import Foundation
import ProfileImage

/// Decoding limits and damage policy, shared by every command that reads images.
struct DecodingArguments: ParsableArguments {
    @Option(help: "strict: any damage libjpeg/libpng report is an error; tolerant: accept what they can recover.")
    var policy: DecodingOptions.Policy = .strict

    @Option(help: ArgumentHelp("Refuse inputs with more pixels than this (decompression-bomb guard).", valueName: "n"))
    var maxInputPixels: Int = DecodingOptions.Limits().maxPixels

    @Option(help: ArgumentHelp("Refuse inputs wider or taller than this.", valueName: "n"))
    var maxInputSide: Int = DecodingOptions.Limits().maxWidth

    @Option(
        help: ArgumentHelp(
            "Input formats to accept, comma-separated, of \(ImageFormat.decodable.map(\.rawValue).joined(separator: ",")) "
                + "(default: all); others are refused as formatNotAccepted.",
            valueName: "list"))
    var formats: String = ImageFormat.decodable.map(\.rawValue).joined(separator: ",")

    /// The formats `--formats` names; `heif` is taken for `heic`, `jpg` and `tif` for their formats.
    var acceptedFormats: Set<ImageFormat> {
        get throws {
            let aliases: [String: ImageFormat] = ["jpg": .jpeg, "heif": .heic, "tif": .tiff]
            var accepted = Set<ImageFormat>()
            for word in formats.split(separator: ",", omittingEmptySubsequences: false) {
                let name = word.trimmingCharacters(in: .whitespaces).lowercased()
                guard let format = aliases[name] ?? ImageFormat(rawValue: name), format.isSupported else {
                    let known = ImageFormat.decodable.map(\.rawValue).joined(separator: ", ")
                    throw ValidationError("--formats: '\(name)' is not a format this build decodes (\(known))")
                }
                accepted.insert(format)
            }
            return accepted
        }
    }

    func validate() throws {
        guard maxInputPixels > 0 else { throw ValidationError("--max-input-pixels must be positive") }
        guard maxInputSide > 0 else { throw ValidationError("--max-input-side must be positive") }
        _ = try acceptedFormats
    }

    var options: DecodingOptions {
        DecodingOptions(
            limits: .init(maxWidth: maxInputSide, maxHeight: maxInputSide, maxPixels: maxInputPixels), policy: policy,
            // validate() has refused a list that does not parse; were it ever reached without
            // that, nothing is accepted rather than everything.
            acceptedFormats: (try? acceptedFormats) ?? [])
    }
}

extension DecodingOptions.Policy: ExpressibleByArgument {}
