import ArgumentParser
import Foundation
import ProfileImageBatch
import ProfileUpload
import ProfileUploadAsyncHTTPClient

/// `profile-image profile show|update`: the profile API's sibling endpoints.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Read or update the profile (GET user/get/profile/, POST user/update/profile/).",
        subcommands: [Show.self, Update.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the profile as JSON.",
            discussion: "EXAMPLE\n  profile-image profile show --endpoint https://api.example.com/api/v1\n\n\(ExitStatus.help)")

        @OptionGroup var api: APIArguments

        func run() async throws {
            let credentials = try api.loadCredentials()
            let result = try await ProfileCommand.call(api, credentials) { try await $0.getProfile() }
            try ProfileCommand.report(result)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Update names, email and phone number.",
            discussion: """
                Fields are checked first with the server's own rules and messages (email required \
                and valid, names up to 255 characters, phone '999999999' with up to 15 digits); \
                invalid fields are reported without a request (exit 4).

                EXAMPLE
                  profile-image profile update --email ada@example.org --first-name Ada \\
                    --endpoint https://api.example.com/api/v1

                \(ExitStatus.help)
                """)

        @OptionGroup var api: APIArguments
        @Option var firstName: String?
        @Option var lastName: String?
        @Option var email: String
        @Option var phoneNumber: String?

        func run() async throws {
            let credentials = try api.loadCredentials()
            let update = ProfileUpdate(firstName: firstName, lastName: lastName, email: email, phoneNumber: phoneNumber)
            let errors = update.validationErrors
            guard errors.isEmpty else {
                let fields = errors.keys.sorted().map { "\($0): \(errors[$0]!.joined(separator: " "))" }
                FileHandle.standardError.write(Data("not sent, invalid fields: \(fields.joined(separator: "; "))\n".utf8))
                throw ExitCode(ExitStatus.rejected)
            }
            let result = try await ProfileCommand.call(api, credentials) { try await $0.updateProfile(update) }
            try ProfileCommand.report(result)
        }
    }

    static func call(
        _ api: APIArguments, _ credentials: ProfileAPICredentials,
        _ body: @Sendable (ProfileAPIClient) async throws -> ProfileAPIResult
    ) async throws -> ProfileAPIResult {
        do {
            return try await AsyncHTTPClientTransport.withTransport(connectTimeout: api.connectDuration) { transport in
                try await body(ProfileAPIClient(configuration: api.configuration(credentials), transport: transport))
            }
        } catch let error as ProfileUploadError {
            FileHandle.standardError.write(Data("\(error.message)\n".utf8))
            throw ExitCode([.network, .unreachable].contains(error.code) ? ExitStatus.network : ExitStatus.someFailed)
        }
    }

    static func report(_ result: ProfileAPIResult) throws {
        let record = PhotoUploader.record(result, path: "profile", account: "")
        switch result {
        case .success(let body):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(body), as: UTF8.self))
        default:
            FileHandle.standardError.write(Data((record.textLine + "\n").utf8))
            throw ExitCode(ExitStatus.of(record.status))
        }
    }
}
