import ArgumentParser
import Foundation

/// `profile-image`: turn photos into the `image` and `cropped_image` files a profile API takes.
@main
struct ProfileImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-image",
        abstract: "Validate, normalise, crop and upload profile photos (JPEG and PNG).",
        subcommands: [ProcessCommand.self, ValidateCommand.self]
    )

    /// Usage errors exit with 2, as in curl and most Unix tools (ArgumentParser's default is 64).
    static let usageExitCode: Int32 = 2

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(usageExitCode)
            }
            exit(withError: error)
        }
    }
}
