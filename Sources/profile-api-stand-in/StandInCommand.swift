import ArgumentParser
import Foundation
import ProfileAPITesting
import ProfileUpload

/// `profile-api-stand-in`: the local stand-in for the profile API, a development tool kept out
/// of the shipped `profile-image` binary (it is what links Hummingbird).
@main
struct StandInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-api-stand-in",
        abstract: "Run a local stand-in of the profile API on 127.0.0.1, to try uploads without an account.",
        discussion: """
            Implements POST /api/v1/user/profile/profile-image/, GET /api/v1/user/get/profile/ and \
            POST /api/v1/user/update/profile/ as documented: credentials checked (401), the API's 400 \
            texts, a daily quota per account answered by 429 with Retry-After, and 301 for a URL \
            without its trailing slash. It accepts the credentials in PROFILE_API_KEY and \
            PROFILE_ACCESS_TOKEN (or --credentials), else test-api-key / test-access-token. It listens \
            on 127.0.0.1 only, until interrupted.

            EXAMPLE
              swift run profile-api-stand-in --port 8080 --daily-limit 3 &
              PROFILE_API_KEY=test-api-key PROFILE_ACCESS_TOKEN=test-access-token \\
                profile-image upload TestImages/landscape.jpg \\
                --endpoint http://127.0.0.1:8080/api/v1
            """
    )

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Profile-image updates allowed per account in the window.")
    var dailyLimit: Int = 3

    @Option(help: ArgumentHelp("The window the daily limit counts over, in seconds.", valueName: "s"))
    var window: Int = 86_400

    @Option(help: ArgumentHelp("Accepted credentials, as for profile-image upload.", valueName: "file"))
    var credentials: String?

    @Option(help: "How 429 words the wait: hoursMinutesSeconds or seconds.")
    var waitWording: QuotaMessage.WaitWording = .hoursMinutesSeconds

    @Option(help: "How callers sign in: apikey-bearer, bearer, or api-key-cookie (an api_key parameter, then a session cookie).")
    var auth: String = "apikey-bearer"

    @Option(help: ArgumentHelp("The upload endpoint's path under /api/v1.", valueName: "path"))
    var uploadPath: String = ProfileAPIPaths().upload

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard dailyLimit >= 0 else { throw ValidationError("--daily-limit must not be negative") }
        guard window > 0 else { throw ValidationError("--window must be positive") }
        guard ["apikey-bearer", "bearer", "api-key-cookie"].contains(auth) else {
            throw ValidationError("--auth must be apikey-bearer, bearer or api-key-cookie")
        }
    }

    func run() async throws {
        let account: StandInConfiguration.Account
        let authentication: ProfileAPIAuthentication =
            auth == "bearer" ? .bearer : auth == "api-key-cookie" ? .apiKeyParameter() : .apiKeyAndBearer
        if let loaded = try? ProfileAPICredentials.load(file: credentials) {
            account = .init(apiKey: loaded.apiKey, accessToken: loaded.accessToken)
        } else if let credentials {
            throw ValidationError("cannot read credentials from \(credentials)")
        } else {
            account = .init(apiKey: "test-api-key", accessToken: "test-access-token")
        }
        let server = StandInServer(
            configuration: StandInConfiguration(
                accounts: [account], paths: ProfileAPIPaths(upload: uploadPath), authentication: authentication,
                dailyLimit: dailyLimit, window: .seconds(window), waitWording: waitWording))
        try await server.run(port: port) { bound in
            // Written straight to the descriptor: a script waiting for this line must see it now.
            FileHandle.standardOutput.write(
                Data("Profile API stand-in on http://127.0.0.1:\(bound)/api/v1 (daily limit \(dailyLimit))\n".utf8))
        }
    }
}

extension QuotaMessage.WaitWording: ExpressibleByArgument {}
