import Foundation
import Glibc
import ProfileAPITesting
import Testing

@Suite("upload-batch: manifests as Excel writes them, work keyed by what it is, an API that is down", .serialized)
struct UploadBatchManifestTests {
    static let accounts: [StandInConfiguration.Account] = [
        .init(apiKey: "ada-key-SECRET", accessToken: "ada-token-SECRET"),
        .init(apiKey: "bob-key-SECRET", accessToken: "bob-token-SECRET"),
    ]
    static let environment = [
        "ADA_KEY": "ada-key-SECRET", "ADA_TOKEN": "ada-token-SECRET", "BOB_KEY": "bob-key-SECRET",
        "BOB_TOKEN": "bob-token-SECRET",
    ]

    static func folder(photos: [String: String]) throws -> URL {
        let folder = try BatchCommandTests.temporary("manifest")
        for (name, source) in photos {
            try BatchCommandTests.copy("TestImages/" + source, to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static func server(dailyLimit: Int = 50) -> StandInServer {
        StandInServer(configuration: StandInConfiguration(accounts: accounts, dailyLimit: dailyLimit))
    }

    @Test("CRLF line ends, a byte order mark, quoted fields, blank lines and a header in any case: every row is sent")
    func excelManifest() async throws {
        let folder = try Self.folder(photos: ["ada.jpg": "landscape.jpg", "bob, jr.jpg": "scan-gray.jpg", "cy\"s.jpg": "phone-portrait.jpg"])
        let manifest = folder.appendingPathComponent("staff.csv")
        // Columns named by a header, in its order, a notes column among them; Excel pads short
        // rows with empty fields to the widest one.
        try "PROFILE_API_KEY=ada-key-SECRET\nPROFILE_ACCESS_TOKEN=ada-token-SECRET\n"
            .write(to: folder.appendingPathComponent("ada.env"), atomically: true, encoding: .utf8)
        let text = "\u{FEFF}# staff photos\r\nImage_Path, APIKEY_ENV ,Token_Env,credentials_file,Notes\r\n"
            + "ada.jpg,ADA_KEY,ADA_TOKEN,,\r\n\r\n\"bob, jr.jpg\",BOB_KEY,BOB_TOKEN,,\"new, this week\"\r\n"
            + "# a comment,,,,\r\n\"cy\"\"s.jpg\" ,,,ada.env,\r\n"
        try Data(text.utf8).write(to: manifest)
        let server = Self.server()
        try await server.withRunning { baseURL in
            let result = try await CLI.run(
                ["upload-batch", manifest.path, "--endpoint", baseURL, "--ledger", folder.appendingPathComponent("q.sqlite").path],
                environment: Self.environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("upload-batch: 3 of 3 done, 0 failed"), "\(result.stderr)")
            #expect(await server.state.updateCount(account: 0) == 2)
            #expect(await server.state.updateCount(account: 1) == 1)
        }
    }

    @Test("a manifest with no rows is an error, not 0 of 0 done", arguments: ["", "image_path,apikey_env,token_env\r\n", "\r\n\r\n"])
    func emptyManifest(text: String) async throws {
        let folder = try BatchCommandTests.temporary("empty")
        let manifest = folder.appendingPathComponent("staff.csv")
        try Data(text.utf8).write(to: manifest)
        let result = try await CLI.run(["upload-batch", manifest.path, "--endpoint", "http://127.0.0.1:9/api/v1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("has no rows"), "\(result.stderr)")
    }

    @Test("a row inserted above sends only itself; the same manifest against another endpoint sends everything")
    func journalKeys() async throws {
        let folder = try Self.folder(photos: ["ada.jpg": "landscape.jpg", "bob.jpg": "scan-gray.jpg", "new.jpg": "phone-portrait.jpg"])
        let manifest = folder.appendingPathComponent("staff.csv")
        let journal = folder.appendingPathComponent("journal.ndjson").path
        try "ada.jpg,ADA_KEY,ADA_TOKEN\nbob.jpg,BOB_KEY,BOB_TOKEN\n".write(to: manifest, atomically: true, encoding: .utf8)
        let staging = Self.server()
        let production = Self.server()
        try await staging.withRunning { stagingURL in
            @Sendable func run(_ endpoint: String) async throws -> CLI.Result {
                try await CLI.run(
                    ["upload-batch", manifest.path, "--endpoint", endpoint, "--journal", journal, "--ledger",
                     folder.appendingPathComponent("q.sqlite").path],
                    environment: Self.environment)
            }
            #expect(try await run(stagingURL).status == 0)
            #expect(await staging.state.requests.count == 2)
            try "new.jpg,ADA_KEY,ADA_TOKEN\nada.jpg,ADA_KEY,ADA_TOKEN\nbob.jpg,BOB_KEY,BOB_TOKEN\n"
                .write(to: manifest, atomically: true, encoding: .utf8)
            let again = try await run(stagingURL)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("(2 already up to date)"), "\(again.stderr)")
            #expect(await staging.state.requests.count == 3, "only the new row was sent")

            try await production.withRunning { productionURL in
                let moved = try await run(productionURL)
                #expect(moved.status == 0, "\(moved.stderr)")
                #expect(await production.state.requests.count == 3, "staging's uploads do not stand for production's")
            }
        }
    }

    @Test("an API that refuses connections stops the batch after a few attempts; the rows stay pending")
    func unreachable() async throws {
        let folder = try Self.folder(photos: ["p.jpg": "landscape.jpg"])
        let manifest = folder.appendingPathComponent("staff.csv")
        let photos = (0..<6).map { "p\($0).jpg" }
        for name in photos { try FileManager.default.copyItem(at: folder.appendingPathComponent("p.jpg"), to: folder.appendingPathComponent(name)) }
        try photos.map { "\($0),ADA_KEY,ADA_TOKEN\n" }.joined().write(to: manifest, atomically: true, encoding: .utf8)
        let ledger = folder.appendingPathComponent("q.sqlite").path
        // Port 9 (discard) is closed on a test machine: every connection is refused.
        let down = try await CLI.run(
            ["upload-batch", manifest.path, "--endpoint", "http://127.0.0.1:9/api/v1", "--connect-timeout", "0.2",
             "--jobs", "2", "--ledger", ledger],
            environment: Self.environment)
        #expect(down.status == 7, "\(down.stderr)")
        // Two rows in flight: the one still trying when the breaker opens adds its failure.
        #expect(down.stderr.contains("stopped: the API at http://127.0.0.1:9/api/v1 is unreachable ("), "\(down.stderr)")
        #expect(down.stderr.contains(" attempts in a row failed; last: "), "\(down.stderr)")
        let attempts = down.stderr.components(separatedBy: "unreachable (").last?.split(separator: " ").first.flatMap { Int($0) }
        #expect((5...6).contains(attempts ?? 0), "5 attempts open the breaker, one more may be in flight: \(down.stderr)")
        #expect(down.stderr.contains("row(s) left pending for the next run"), "\(down.stderr)")
        #expect(down.stderr.contains("not started"), "rows after the breaker opened were not even started: \(down.stderr)")

        let server = Self.server()
        try await server.withRunning { baseURL in
            let up = try await CLI.run(["upload-batch", manifest.path, "--endpoint", baseURL, "--ledger", ledger], environment: Self.environment)
            #expect(up.status == 0, "\(up.stderr)")
            #expect(up.stderr.contains("upload-batch: 6 of 6 done, 0 failed"), "every pending row went on the next run: \(up.stderr)")
            #expect(await server.state.updateCount(account: 0) == 6)
        }
    }

    @Test("one row against an API that refuses connections: exit 7, not a plain failure")
    func oneRowUnreachable() async throws {
        let folder = try Self.folder(photos: ["p.jpg": "landscape.jpg"])
        let manifest = folder.appendingPathComponent("one.csv")
        try "p.jpg,ADA_KEY,ADA_TOKEN\n".write(to: manifest, atomically: true, encoding: .utf8)
        let down = try await CLI.run(
            ["upload-batch", manifest.path, "--endpoint", "http://127.0.0.1:9/api/v1", "--connect-timeout", "0.2",
             "--ledger", folder.appendingPathComponent("q.sqlite").path],
            environment: Self.environment)
        #expect(down.status == 7, "\(down.stderr)")
        #expect(down.stderr.contains("1 row(s) left pending for the next run"), "\(down.stderr)")
    }

    @Test("an API that takes connections and never answers: a few rows time out, then no more start (exit 7)")
    func silentEndpoint() async throws {
        // Listening but never accepting: the kernel completes each connection, the request goes
        // out, and no answer ever comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        #expect(bound && listen(listener, 64) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let folder = try Self.folder(photos: ["p.jpg": "landscape.jpg"])
        let manifest = folder.appendingPathComponent("staff.csv")
        let photos = (0..<8).map { "p\($0).jpg" }
        for name in photos { try FileManager.default.copyItem(at: folder.appendingPathComponent("p.jpg"), to: folder.appendingPathComponent(name)) }
        try photos.map { "\($0),ADA_KEY,ADA_TOKEN\n" }.joined().write(to: manifest, atomically: true, encoding: .utf8)
        let silent = try await CLI.run(
            ["upload-batch", manifest.path, "--endpoint", "http://127.0.0.1:\(port)/api/v1", "--timeout", "1", "--jobs", "1",
             "--ledger", folder.appendingPathComponent("q.sqlite").path],
            environment: Self.environment)
        #expect(silent.status == 7, "\(silent.stderr)")
        #expect(silent.stderr.contains("did not answer: stopped after 3 row(s) in a row failed for the network"), "\(silent.stderr)")
        #expect(silent.stderr.contains("8 row(s) left pending for the next run"), "\(silent.stderr)")
    }

    @Test("the README's manifest, as printed there: every row is sent")
    func readmeManifest() async throws {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "$ cat staff.csv\n"))
        let end = try #require(readme.range(of: "\n$ profile-image upload-batch staff.csv", range: start.upperBound..<readme.endIndex))
        let folder = try Self.folder(photos: ["ada.jpg": "landscape.jpg", "bob.png": "logo-transparent.png", "cy.jpg": "scan-gray.jpg"])
        try (String(readme[start.upperBound..<end.lowerBound]) + "\n").write(
            to: folder.appendingPathComponent("staff.csv"), atomically: true, encoding: .utf8)
        try "PROFILE_API_KEY=bob-key-SECRET\nPROFILE_ACCESS_TOKEN=bob-token-SECRET\n"
            .write(to: folder.appendingPathComponent("cy.credentials"), atomically: true, encoding: .utf8)
        let server = Self.server()
        try await server.withRunning { baseURL in
            let run = try await CLI.run(
                ["upload-batch", folder.appendingPathComponent("staff.csv").path, "--endpoint", baseURL,
                 "--ledger", folder.appendingPathComponent("q.sqlite").path],
                environment: Self.environment)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("upload-batch: 3 of 3 done, 0 failed"), "\(run.stderr)")
            #expect(await server.state.updateCount(account: 0) == 1)
            #expect(await server.state.updateCount(account: 1) == 2)
        }
    }

    @Test("secrets pasted into the manifest instead of variable names: that row fails without showing them, the others go on")
    func pastedSecrets() async throws {
        let folder = try Self.folder(photos: ["ada.jpg": "landscape.jpg", "bob.jpg": "scan-gray.jpg"])
        let manifest = folder.appendingPathComponent("staff.csv")
        let pastedKey = "sk-live-PASTED/key+9f2a=", pastedToken = "eyJhbGciOi.PASTED-token"
        // Secrets that pass for names (hex, base62) and a token where a credentials file goes.
        let hexKey = "a3f9c2e7b1d0PASTED4e5f8a6b", base62Token = "cafe12PASTEDab34cd56ef78"
        let jwt = "eyJhbGciOiJIUzI1NiJ9.PASTED.sig"
        let upperKey = "AKIAPASTEDEXAMPLE7", oneDot = "eyJhbGciOi.PASTEDtoken", slashed = "abc/PASTED+ghi=="
        try """
            ada.jpg,\(pastedKey),\(pastedToken)
            ada.jpg,\(hexKey),\(base62Token)
            ada.jpg,\(upperKey),\(base62Token)
            ada.jpg,\(jwt)
            ada.jpg,\(oneDot)
            ada.jpg,\(slashed)
            ada.jpg,ADA_KEY_MISSING,ADA_TOKEN
            bob.jpg,BOB_KEY,BOB_TOKEN

            """.write(to: manifest, atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("run.ndjson")
        let server = Self.server()
        try await server.withRunning { baseURL in
            let run = try await CLI.run(
                ["upload-batch", manifest.path, "--endpoint", baseURL, "--ledger", folder.appendingPathComponent("q.sqlite").path,
                 "--report", report.path],
                environment: Self.environment)
            #expect(run.status == 5, "\(run.stderr)")
            #expect(run.stderr.contains("must name environment variables"), "\(run.stderr)")
            #expect(!run.stderr.contains("PASTED") && !run.stdout.contains("PASTED"), "\(run.stderr)")
            #expect(run.stderr.contains("apikey_env ADA_KEY_MISSING"), "a conventional name is shown: \(run.stderr)")
            #expect(await server.state.updateCount(account: 1) == 1, "bob's row was still sent")
        }
        let written = try String(contentsOf: report, encoding: .utf8)
        let journal = (try? String(contentsOf: folder.appendingPathComponent("staff.csv.journal.ndjson"), encoding: .utf8)) ?? ""
        for secret in [pastedKey, pastedToken, hexKey, base62Token, jwt, upperKey, oneDot, slashed, "PASTED"] {
            #expect(!written.contains(secret) && !journal.contains(secret))
        }
    }

    @Test("a quota store given as a bare file name lives in the current folder")
    func relativeLedger() async throws {
        let folder = try Self.folder(photos: ["p.jpg": "landscape.jpg"])
        try "p.jpg,ADA_KEY,ADA_TOKEN\n".write(to: folder.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let server = Self.server()
        try await server.withRunning { baseURL in
            for store in [["--ledger", "q.sqlite"], ["--quota-store", "sqlite:r.sqlite"]] {
                let run = try await CLI.run(["upload-batch", "one.csv", "--endpoint", baseURL] + store, in: folder, environment: Self.environment)
                #expect(run.status == 0, "\(store): \(run.stderr)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("q.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.sqlite").path))
    }
}
