import Foundation
import ProfileAPITesting
import Testing

@Suite("Batch work: folders in, reports out, resumable", .serialized)
struct BatchCommandTests {
    static func temporary(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pik-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func copy(_ source: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent(source), to: url)
    }

    static func reportLines(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    static func files(under url: URL) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: url.path).filter {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }.sorted()
    }

    @Test("nested folders: outputs, report lines and exit code right; a second run skips everything")
    func nestedFolders() async throws {
        let input = try Self.temporary("in")
        let out = try Self.temporary("out")
        try Self.copy("TestImages/landscape.jpg", to: input.appendingPathComponent("a/landscape.jpg"))
        try Self.copy("TestImages/logo-transparent.png", to: input.appendingPathComponent("a/b/logo.png"))
        try Self.copy("TestImages/scan-gray.jpg", to: input.appendingPathComponent("scan.jpg"))
        try Self.copy("Tests/ProfileImageTests/Fixtures/invalid/truncated-in-scan.jpg", to: input.appendingPathComponent("a/b/cut.jpg"))
        try Self.copy("Tests/ProfileImageTests/Fixtures/invalid/text.txt", to: input.appendingPathComponent("notes.txt"))
        try Self.copy("TestImages/landscape.jpg", to: input.appendingPathComponent(".hidden/skip.jpg"))
        let outside = try Self.temporary("outside")
        try Self.copy("TestImages/print-cmyk.jpg", to: outside.appendingPathComponent("elsewhere.jpg"))
        try FileManager.default.createSymbolicLink(
            at: input.appendingPathComponent("link-out.jpg"), withDestinationURL: outside.appendingPathComponent("elsewhere.jpg"))

        let report = out.appendingPathComponent("report.ndjson")
        let first = try await CLI.run(["process", input.path, "--out", out.path, "--report", report.path, "--jobs", "2"])
        #expect(first.status == 1)
        #expect(first.stderr.contains("cut.jpg: invalid (truncated)"))
        #expect(first.stderr.contains("notes.txt: invalid (notAnImage)"))
        #expect(first.stderr.contains("process: 3 of 5 done, 2 failed"))
        #expect(first.stderr.contains("failed by code: notAnImage 1, truncated 1"))
        let lines = try Self.reportLines(report)
        #expect(lines.count == 5, "hidden files and links out of the tree are not inputs")
        #expect(lines.filter { $0["status"] as? String == "ok" }.count == 3)
        #expect(lines.filter { $0["status"] as? String == "invalid" }.count == 2)
        let outputs = try Self.files(under: out).filter { !$0.hasPrefix(".") && $0 != "report.ndjson" }
        #expect(
            outputs == [
                "a/b/logo.cropped_image.png", "a/b/logo.image.png", "a/landscape.cropped_image.jpg", "a/landscape.image.jpg",
                "scan.cropped_image.jpg", "scan.image.jpg",
            ])

        let second = try await CLI.run(["process", input.path, "--out", out.path, "--report", report.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("(3 already up to date)"))
        let again = try Self.reportLines(report)
        #expect(again.filter { $0["skipped"] as? Bool == true }.count == 3)

        let forced = try await CLI.run(["process", input.path, "--out", out.path, "--force", "--report", report.path])
        #expect(forced.status == 1)
        #expect(try Self.reportLines(report).allSatisfy { $0["skipped"] == nil })
    }

    @Test("killed mid-way (SIGKILL), then re-run: exactly the full set, no partial files")
    func killAndResume() async throws {
        let input = try Self.temporary("in")
        let out = try Self.temporary("out")
        let photos = ["landscape.jpg", "phone-portrait.jpg", "print-cmyk.jpg", "scan-gray.jpg"]
        for index in 0..<40 {
            try Self.copy("TestImages/" + photos[index % 4], to: input.appendingPathComponent("p\(index).jpg"))
        }
        let report = out.appendingPathComponent("report.ndjson")
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["process", input.path, "--out", out.path, "--jobs", "1", "--report", report.path]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let end = try ProcessEnd(starting: process)
        // Kill it once some, but not all, inputs are done and at least one commit of the journal
        // (which groups finished inputs: up to 64 or a second's worth) has landed.
        let journal = out.appendingPathComponent(".profile-image-journal.ndjson")
        func lines(_ file: URL) -> Int {
            ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        let deadline = Date().addingTimeInterval(60)
        while (lines(report) < 5 || lines(journal) < 1) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(process.processIdentifier, SIGKILL)
        try #require(await end.ended(within: 60), "killed, it ended")
        #expect(process.terminationReason == .uncaughtSignal)
        let committed = lines(journal)
        #expect(committed >= 1)
        let finishedBeforeKill = try Self.files(under: out).filter { $0.hasSuffix(".image.jpg") }.count
        #expect(finishedBeforeKill < 40, "the kill came mid-way")
        // Whatever is there under an output name is a complete image.
        for name in try Self.files(under: out) where name.hasSuffix(".jpg") {
            let check = try await CLI.run(["validate", out.appendingPathComponent(name).path])
            #expect(check.status == 0, "\(name) is complete")
        }

        let rerun = try await CLI.run(["process", input.path, "--out", out.path, "--report", report.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let files = try Self.files(under: out)
        #expect(files.filter { $0.hasSuffix(".image.jpg") }.count == 40)
        #expect(files.filter { $0.hasSuffix(".cropped_image.jpg") }.count == 40)
        #expect(!files.contains { $0.contains(".profile-image-tmp-") }, "no temporary files left")
        let lines = try Self.reportLines(report)
        #expect(lines.count == 40)
        let skipped = lines.filter { $0["skipped"] as? Bool == true }.count
        // Exactly what the journal had committed is skipped; everything else (the unfinished, and
        // the finished whose batch had not committed) is done again.
        #expect(skipped == committed && skipped <= finishedBeforeKill, "only the uncommitted inputs were redone")
        let images = files.filter { $0.hasSuffix(".jpg") }.map { out.appendingPathComponent($0).path }
        let validation = try await CLI.run(["validate"] + images)
        #expect(validation.status == 0)
    }

    @Test("Ctrl-C finishes the files in flight, prints the summary and exits 130")
    func interrupt() async throws {
        let input = try Self.temporary("in")
        let out = try Self.temporary("out")
        for index in 0..<40 { try Self.copy("TestImages/landscape.jpg", to: input.appendingPathComponent("p\(index).jpg")) }
        let report = out.appendingPathComponent("report.ndjson")
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["process", input.path, "--out", out.path, "--jobs", "1", "--report", report.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let end = try ProcessEnd(starting: process)
        let unread = Drained(errors.fileHandleForReading)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
            ((try? String(contentsOf: report, encoding: .utf8)) ?? "").split(separator: "\n").count < 3
        {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(process.processIdentifier, SIGINT)
        try #require(await end.ended(within: 120), "interrupted, it finished what it had started and ended")
        let stderr = unread.text()
        #expect(process.terminationStatus == 130)
        #expect(stderr.contains("Interrupted"))
        #expect(stderr.contains("not started"), "\(stderr)")
        let lines = try Self.reportLines(report).count
        let images = try Self.files(under: out).filter { $0.hasSuffix(".image.jpg") }
        #expect(images.count == lines, "every started file was finished and reported")
        #expect(lines < 40)
    }

    @Test("validate walks, reports and summarises too")
    func validateBatch() async throws {
        let input = try Self.temporary("in")
        try Self.copy("TestImages/landscape.jpg", to: input.appendingPathComponent("x/ok.jpg"))
        try Self.copy("Tests/ProfileImageTests/Fixtures/invalid/bad-crc-idat.png", to: input.appendingPathComponent("x/y/bad.png"))
        let report = input.appendingPathComponent("validate.ndjson")
        let result = try await CLI.run(["validate", input.path, "--report", report.path, "--jobs", "2"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("validate: 1 of 2 done, 1 failed"))
        let lines = try Self.reportLines(report)
        #expect(lines.count == 2)
        #expect((lines[1]["error"] as? [String: Any])?["code"] as? String == "badChecksum")
    }

    @Test("upload-batch: throttled accounts stay blocked, others go on, a re-run sends only what was pending")
    func uploadBatch() async throws {
        let server = StandInServer(
            configuration: StandInConfiguration(
                accounts: [
                    .init(apiKey: "ada-key-SECRET", accessToken: "ada-token-SECRET"),
                    .init(apiKey: "bob-key-SECRET", accessToken: "bob-token-SECRET"),
                    .init(apiKey: "cy-key-SECRET", accessToken: "cy-token-SECRET"),
                ],
                dailyLimit: 1))
        try await server.withRunning { baseURL in
            let folder = try Self.temporary("batch")
            try Self.copy("TestImages/landscape.jpg", to: folder.appendingPathComponent("ada1.jpg"))
            try Self.copy("TestImages/phone-portrait.jpg", to: folder.appendingPathComponent("ada2.jpg"))
            try Self.copy("TestImages/scan-gray.jpg", to: folder.appendingPathComponent("bob.jpg"))
            try Self.copy("Tests/ProfileImageTests/Fixtures/invalid/missing-eoi.jpg", to: folder.appendingPathComponent("broken.jpg"))
            let manifest = folder.appendingPathComponent("staff.csv")
            try """
                image_path,apikey_env,token_env
                ada1.jpg,ADA_KEY,ADA_TOKEN
                ada2.jpg,ADA_KEY,ADA_TOKEN
                bob.jpg,BOB_KEY,BOB_TOKEN
                broken.jpg,CY_KEY,CY_TOKEN
                """.write(to: manifest, atomically: true, encoding: .utf8)
            let ledger = folder.appendingPathComponent("ledger.sqlite").path
            let report = folder.appendingPathComponent("report.ndjson")
            var environment = [
                "ADA_KEY": "ada-key-SECRET", "ADA_TOKEN": "ada-token-SECRET", "BOB_KEY": "bob-key-SECRET",
                "CY_KEY": "cy-key-SECRET", "CY_TOKEN": "cy-token-SECRET",
            ]
            let arguments = ["upload-batch", manifest.path, "--endpoint", baseURL, "--ledger", ledger, "--jobs", "1", "--report", report.path]

            // Bob's token is missing on the first run: his row stays pending.
            let first = try await CLI.run(arguments, environment: environment)
            #expect(first.status == 1)
            let lines = try Self.reportLines(report)
            #expect(lines.map { $0["status"] as? String } == ["uploaded", "throttled", "unauthorized", "invalid"])
            #expect(first.stderr.contains("blocked until"))
            let requestsAfterFirst = await server.state.requests.count
            #expect(requestsAfterFirst == 2, "ada1 uploaded, ada2 got the 429; nothing for bob or the broken file")

            environment["BOB_TOKEN"] = "bob-token-SECRET"
            let second = try await CLI.run(arguments, environment: environment)
            let relines = try Self.reportLines(report)
            #expect(relines.map { $0["status"] as? String } == ["uploaded", "throttled", "uploaded", "invalid"])
            #expect(relines[1]["decided_locally"] as? Bool == true)
            #expect(await server.state.requests.count == requestsAfterFirst + 1, "only bob's pending row was sent")
            #expect(await server.state.updateCount(account: 1) == 1)
            #expect(second.status == 1)
            for text in [first.stdout, first.stderr, second.stdout, second.stderr, try String(contentsOf: report, encoding: .utf8)] {
                #expect(!text.contains("SECRET"))
            }
        }
    }
}
