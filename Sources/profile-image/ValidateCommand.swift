import ArgumentParser
import Foundation
import ProfileImage

/// `profile-image validate`: is each file an intact JPEG or PNG the profile API will accept?
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that files are intact JPEG or PNG images, by decoding every byte.",
        discussion: """
            Each file is recognised by its content, never its name, and fully decoded: truncated \
            files, a missing EOI or IEND, damaged scan or deflate data, bad CRCs, empty files, \
            non-images and other formats (GIF, WebP, HEIC, ...) are reported as invalid with the \
            reason. Directories are walked recursively (hidden entries skipped). One line per file; \
            with --json one JSON object per line:
              {"file":...,"valid":true|false,"format":"jpeg"|"png"|...,"width":...,"height":..., \
            "orientation":1..8,"error":{"code":...,"message":...,"reason":...}}

            EXAMPLES
              profile-image validate photo.jpg
              profile-image validate --json uploads/ > verdicts.ndjson

            EXIT STATUS
              0  every file is a valid image
              1  at least one file is invalid or unreadable
              2  usage error
            """
    )

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    @OptionGroup var decoding: DecodingArguments

    @Argument(help: ArgumentHelp("Files or directories to check.", valueName: "path"))
    var paths: [String]

    func run() throws {
        let decoder = ImageDecoder(options: decoding.options)
        var invalid = 0
        for file in InputWalker().files(in: paths) {
            let verdict = Verdict(file: file.path, decoder: decoder)
            if !verdict.isValid { invalid += 1 }
            print(json ? verdict.jsonLine : verdict.textLine)
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}
