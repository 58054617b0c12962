import ArgumentParser
import Foundation
import Logging
import ProfileImage

/// `profile-image`: turn photos into the `image` and `cropped_image` files a profile API takes.
@main
struct ProfileImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-image",
        abstract: "Validate, normalise, crop and upload profile photos (JPEG, PNG, WebP, HEIC, AVIF, GIF, TIFF, BMP in; JPEG or PNG out).",
        version: "profile-image \(ProfileImageKit.version) (\(ProfileImageKit.libraryVersions))",
        subcommands: [
            ProcessCommand.self, ValidateCommand.self, UploadCommand.self, UploadBatchCommand.self, QuotaCommand.self,
            ProfileCommand.self, WorkerCommand.self, QueueCommand.self,
        ]
    )

    /// Usage errors exit with 2, as in curl and most Unix tools (ArgumentParser's default is 64).
    static let usageExitCode: Int32 = 2

    static func main() async {
        MallocTuning.keepFreedMemoryForReuse()
        // Logs go to stderr, warnings and worse unless PROFILE_IMAGE_LOG_LEVEL says otherwise;
        // stdout stays for results.
        let level = ProcessInfo.processInfo.environment["PROFILE_IMAGE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let failure as ValidationFailure {
            FileHandle.standardError.write(Data("Error: \(failure.description)\n".utf8))
            Foundation.exit(usageExitCode)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(usageExitCode)
            }
            exit(withError: error)
        }
    }
}
