import Foundation
import ProfileAPITesting
import ProfileUpload
import Synchronization
import Testing

@Suite("profile-image upload, quota and profile against profile-image serve", .serialized)
struct UploadCommandTests {
    static let apiKey = "cli-key-SECRET-4d2f"
    static let token = "cli-token-SECRET-8b1e"

    func credentialsFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pik-cred-\(UUID().uuidString)").path
        try "# stand-in account\nPROFILE_API_KEY=\(Self.apiKey)\nPROFILE_ACCESS_TOKEN=\"\(Self.token)\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A stand-in server holding one account with this daily limit, a fresh ledger, and the
    /// environment that points the CLI at both.
    func account(serverDailyLimit: Int) throws -> (
        server: (process: Process, baseURL: String), credentials: String, ledger: String, environment: [String: String]
    ) {
        let credentials = try credentialsFile()
        let server = try CLI.startServer(["--daily-limit", "\(serverDailyLimit)", "--credentials", credentials])
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("pik-ledger-\(UUID().uuidString).sqlite").path
        let environment = ["PROFILE_API_KEY": Self.apiKey, "PROFILE_ACCESS_TOKEN": Self.token, "PROFILE_IMAGE_LEDGER": ledger]
        return (server, credentials, ledger, environment)
    }

    @Test("uploads until the daily limit, then 429, then refusals without a request; exit codes as documented")
    func quotaFlow() async throws {
        let (server, credentials, ledger, environment) = try account(serverDailyLimit: 2)
        defer { server.process.terminate() }
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/phone-portrait.jpg").path
        var outputs: [String] = []
        func upload(_ extra: [String] = [], environment overrides: [String: String] = [:]) async throws -> CLI.Result {
            let result = try await CLI.run(
                ["upload", photo, "--endpoint", server.baseURL, "--json"] + extra,
                environment: environment.merging(overrides) { $1 })
            outputs += [result.stdout, result.stderr]
            return result
        }
        let first = try await upload()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\"status\":\"uploaded\""))
        #expect(first.stdout.contains("\"cropped_image\":{\"width\":512,\"height\":512"))
        #expect(try await upload().status == 0)
        let third = try await upload()
        #expect(third.status == 6)
        #expect(third.stdout.contains("\"http_status\":429"))
        #expect(third.stdout.contains("Your daily profile update limit exceeded. Expected available in"))
        let fourth = try await upload()
        #expect(fourth.status == 6)
        #expect(fourth.stdout.contains("\"decided_locally\":true"))

        let quota = try await CLI.run(["quota", "--json", "--ledger", ledger])
        #expect(quota.stdout.contains("\"updates_last_24h\":2"))
        #expect(quota.stdout.contains("\"learned_limit\":2"))
        #expect(quota.stdout.contains("\"blocked_until\":\"20"))

        let broken = CLI.fixtures.appendingPathComponent("invalid/missing-eoi.jpg").path
        let invalid = try await CLI.run(["upload", broken, "--endpoint", server.baseURL], environment: environment)
        #expect(invalid.status == 3)
        let unauthorised = try await CLI.run(
            ["profile", "show", "--endpoint", server.baseURL],
            environment: environment.merging(["PROFILE_ACCESS_TOKEN": "wrong-SECRET"]) { $1 })
        #expect(unauthorised.status == 5)
        let fromFile = try await CLI.run(
            ["profile", "show", "--endpoint", server.baseURL, "--credentials", credentials], environment: ["PROFILE_API_KEY": ""])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("\"email\""))
        let missing = try await CLI.run(
            ["upload", photo, "--endpoint", server.baseURL], environment: ["PROFILE_API_KEY": "", "PROFILE_ACCESS_TOKEN": ""])
        #expect(missing.status == 2)
        let badField = try await CLI.run(
            ["profile", "update", "--email", "nope", "--endpoint", server.baseURL], environment: environment)
        #expect(badField.status == 4)
        #expect(badField.stderr.contains("Enter a valid email address."))

        outputs += [quota.stdout, invalid.stdout, invalid.stderr, unauthorised.stderr, fromFile.stdout, missing.stderr, badField.stderr]
        for text in outputs { #expect(!text.contains("SECRET"), "\(text)") }
    }

    @Test("a network failure exits 7")
    func networkFailure() async throws {
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg").path
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("pik-ledger-\(UUID().uuidString).sqlite").path
        let result = try await CLI.run(
            ["upload", photo, "--endpoint", "http://127.0.0.1:9/api/v1", "--timeout", "2"],
            environment: ["PROFILE_API_KEY": "k", "PROFILE_ACCESS_TOKEN": "t", "PROFILE_IMAGE_LEDGER": ledger])
        #expect(result.status == 7, "\(result.stderr)")
    }

    @Test("separate processes sharing a ledger never exceed a configured daily limit")
    func concurrentProcesses() async throws {
        // The server would take 100: only the ledger can hold the uploads to 2.
        let (server, _, ledger, environment) = try account(serverDailyLimit: 100)
        defer { server.process.terminate() }
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg").path
        let all = try await withThrowingTaskGroup(of: CLI.Result.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await CLI.run(
                        ["upload", photo, "--endpoint", server.baseURL, "--daily-limit", "2", "--json"],
                        environment: environment)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(all.count == 6)
        #expect(all.filter { $0.status == 0 }.count == 2, "\(all.map(\.stderr))")
        for refused in all where refused.status != 0 {
            #expect(refused.status == 6, "\(refused.stderr)")
            #expect(refused.stdout.contains("\"decided_locally\":true"), "\(refused.stdout)")
        }
        let quota = try await CLI.run(["quota", "--json", "--ledger", ledger])
        #expect(quota.stdout.contains("\"updates_last_24h\":2"), "\(quota.stdout)")
    }

    @Test("six processes on six machines' worth of HOMEs share one PostgreSQL quota: exactly 2 of 6 reach the server")
    func postgresRace() async throws {
        guard let url = ProcessInfo.processInfo.environment["PROFILE_IMAGE_TEST_POSTGRES_URL"], !url.isEmpty else {
            Issue.record("PROFILE_IMAGE_TEST_POSTGRES_URL is not set: run the tests as scripts/with-postgres swift test")
            return
        }
        let server = StandInServer(configuration: StandInConfiguration(
            accounts: [.init(apiKey: Self.apiKey, accessToken: Self.token)], dailyLimit: 100))
        let environment = ["PROFILE_API_KEY": Self.apiKey, "PROFILE_ACCESS_TOKEN": Self.token]
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg").path
        try await server.withRunning { baseURL in
            let all = try await withThrowingTaskGroup(of: CLI.Result.self) { group in
                for machine in 0..<6 {
                    let home = FileManager.default.temporaryDirectory.appendingPathComponent("pik-home-\(machine)-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
                    var own = environment
                    own["HOME"] = home.path
                    own["PROFILE_IMAGE_QUOTA_STORE"] = url
                    group.addTask {
                        try await CLI.run(["upload", photo, "--endpoint", baseURL, "--daily-limit", "2", "--json"], environment: own)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(all.filter { $0.status == 0 }.count == 2, "\(all.map(\.stderr))")
            #expect(all.filter { $0.status == 6 }.count == 4, "\(all.map(\.stderr))")
            #expect(await server.state.uploads.count == 2, "the server saw exactly the two granted uploads")
            let quota = try await CLI.run(["quota", "--json", "--quota-store", url])
            #expect(quota.status == 0, "\(quota.stderr)")
            // This race's account, by its key: other suites leave accounts of their own in the database.
            let key = ProfileAPICredentials(apiKey: Self.apiKey, accessToken: Self.token).accountKey(baseURL: baseURL)
            let mine = quota.lines.filter { $0.contains("\"account\":\"\(key)\"") }
            #expect(mine.count == 1, "\(quota.stdout)")
            #expect(mine.first?.contains("\"updates_last_24h\":2") == true, "\(quota.stdout)")
        }
    }

    @Test("--upload-path with a query and a --timeout past an hour are usage errors, not requests", arguments: [
        (["--upload-path", "/user/profile-image/?x=1"], "--upload-path"), (["--timeout", "100000"], "--timeout"),
    ])
    func unusableOptions(options: [String], named: String) async throws {
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg").path
        let result = try await CLI.run(
            ["upload", photo, "--endpoint", "http://127.0.0.1:9/api/v1"] + options,
            environment: ["PROFILE_API_KEY": "k", "PROFILE_ACCESS_TOKEN": "t"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
    }

    @Test("a PostgreSQL store that is down: a clear error, password hidden, exit 1")
    func postgresDown() async throws {
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg").path
        let result = try await CLI.run(
            ["upload", photo, "--endpoint", "http://127.0.0.1:9/api/v1",
             "--quota-store", "postgres://avatars:pw-SECRET@127.0.0.1:9/avatars?sslmode=disable"],
            environment: ["PROFILE_API_KEY": "k", "PROFILE_ACCESS_TOKEN": "t"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Quota store postgres://avatars:***@127.0.0.1:9/avatars"), "\(result.stderr)")
        #expect(!result.stderr.contains("SECRET"))
    }

    @Test("--quota-store values: a mistyped PostgreSQL URL or another scheme is a usage error, never a file", arguments: [
        "postgres:avatars:pw-SECRET@127.0.0.1/avatars", "mysql://u@h/db",
    ])
    func quotaStoreValues(value: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pik-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try await CLI.run(["quota", "--quota-store", value], in: folder)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.contains("SECRET"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no file was created")
    }

    @Test("profile show with each authentication: only the secrets it sends are needed", arguments: [
        ("apikey-bearer", ["PROFILE_API_KEY": apiKey, "PROFILE_ACCESS_TOKEN": token]),
        ("bearer", ["PROFILE_API_KEY": "", "PROFILE_ACCESS_TOKEN": token]),
        ("api-key-cookie", ["PROFILE_API_KEY": apiKey, "PROFILE_ACCESS_TOKEN": ""]),
    ])
    func authentications(auth: String, secrets: [String: String]) async throws {
        let credentials = try credentialsFile()
        let server = try CLI.startServer(["--credentials", credentials, "--auth", auth])
        defer { server.process.terminate() }
        let shown = try await CLI.run(["profile", "show", "--endpoint", server.baseURL, "--auth", auth], environment: secrets)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\"email\""))
        let wrong = try await CLI.run(
            ["profile", "show", "--endpoint", server.baseURL, "--auth", auth == "bearer" ? "api-key-cookie" : "bearer"],
            environment: ["PROFILE_API_KEY": Self.apiKey, "PROFILE_ACCESS_TOKEN": Self.token])
        #expect(wrong.status == 5, "\(wrong.stderr)")
        if auth != "apikey-bearer" {
            let missing = try await CLI.run(["profile", "show", "--endpoint", server.baseURL], environment: secrets)
            #expect(missing.status == 2, "the default needs both secrets: \(missing.stderr)")
        }
        for text in [shown.stdout, shown.stderr, wrong.stderr] { #expect(!text.contains("SECRET")) }
    }
}
