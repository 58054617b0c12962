import Foundation
import ProfileAPITesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("A PostgreSQL work queue drained by worker processes", .serialized)
struct QueueCommandTests {
    static func temporary(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pik-queue-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts `profile-image worker` with its stdout to `log` and its stderr (warnings) to
    /// `log` + `.stderr`, beside it, where the tests that look for secrets look too.
    static func startWorker(
        _ queue: [String], log: URL, lease: Int = 5, environment: [String: String] = [:]
    ) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let warnings = log.appendingPathExtension("stderr")
        _ = FileManager.default.createFile(atPath: warnings.path, contents: nil)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments =
            ["worker"] + queue + ["--jobs", "1", "--lease", "\(lease)", "--exit-when-empty", "--backoff", "0.2"]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: warnings)
        try process.run()
        return process
    }

    /// Waits for `process` off the cooperative pool, killing it past `deadline`.
    static func wait(_ process: Process, until deadline: Date) async -> Bool {
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return false
        }
        return true
    }

    @Test(
        "3 workers drain 60 inputs; one SIGKILLed mid-job, another started: 60 done once each, valid outputs, no temp files",
        .timeLimit(.minutes(10)))
    func threeWorkersOneKilled() async throws {
        let url = try TestDatabase.url
        let name = TestDatabase.queueName("cli-kill")
        let queue = ["--queue", url, "--queue-name", name]
        let input = try Self.temporary("in")
        let out = try Self.temporary("out")
        let logs = try Self.temporary("logs")
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/phone-portrait.jpg")
        for index in 0..<60 {
            try FileManager.default.copyItem(at: photo, to: input.appendingPathComponent("p\(index).jpg"))
        }
        let enqueue = try await CLI.run(["process", input.path, "--out", out.path] + queue)
        #expect(enqueue.status == 0, "\(enqueue.stderr)")
        #expect(enqueue.stdout.contains("enqueued 60 process job(s)"), "\(enqueue.stdout)")
        #expect(!enqueue.stdout.contains(url) && !enqueue.stderr.contains(url), "the password is never printed")
        let again = try await CLI.run(["process", input.path, "--out", out.path] + queue)
        #expect(
            again.stdout.contains("enqueued 0 process job(s)") && again.stdout.contains("60 already done or queued"))

        var workers = try (0..<3).map { try Self.startWorker(queue, log: logs.appendingPathComponent("w\($0).log")) }
        // Kill the first worker while it holds a job, with outputs of others already made: frozen
        // first (SIGSTOP), so that the job seen held is still held when the kill lands; a
        // statement it sent just before is given time to land.
        var killed: [String] = []
        var orphaned: [String] = []
        let victim = workers[0].processIdentifier
        let killDeadline = Date().addingTimeInterval(120)
        while killed.isEmpty && Date() < killDeadline {
            let made = (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.count ?? 0
            guard made >= 6, try await !TestDatabase.running(queue: name, pid: victim).isEmpty else {
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            kill(victim, SIGSTOP)
            try await Task.sleep(for: .milliseconds(200))
            let held = try await TestDatabase.running(queue: name, pid: victim)
            if held.isEmpty {
                kill(victim, SIGCONT)
            } else {
                kill(victim, SIGKILL)
                // A statement sent just before the stop may still end a job: only what the dead
                // worker holds after a moment must be claimed again.
                try await Task.sleep(for: .milliseconds(500))
                killed = held
                orphaned = try await TestDatabase.running(queue: name, pid: victim)
            }
        }
        #expect(!killed.isEmpty, "the worker was killed while it held a job")
        workers.append(try Self.startWorker(queue, log: logs.appendingPathComponent("w3.log")))
        let deadline = Date().addingTimeInterval(400)
        for worker in workers.dropFirst() {
            #expect(await Self.wait(worker, until: deadline), "every worker left once the queue was empty")
            #expect(worker.terminationStatus == 0)
        }
        _ = await Self.wait(workers[0], until: deadline)
        #expect(workers[0].terminationReason == .uncaughtSignal)

        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!files.contains { $0.contains(".profile-image-tmp-") }, "no temporary files left")
        for index in 0..<60 {
            #expect(files.contains("p\(index).image.jpg") && files.contains("p\(index).cropped_image.jpg"), "p\(index)")
        }
        #expect(files.count == 120, "exactly two outputs per input: \(files.count)")
        let validation = try await CLI.run(["validate"] + files.map { out.appendingPathComponent($0).path })
        #expect(validation.status == 0, "\(validation.stdout)")

        let status = try await CLI.run(["queue", "status", "--json"] + queue)
        #expect(status.status == 0, "\(status.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let counts = object?["counts"] as? [String: Int]
        #expect(
            counts?["done"] == 60 && counts?["failed"] == 0 && counts?["queued"] == 0 && counts?["running"] == 0,
            "\(status.stdout)")

        // No job ran to completion twice: one completion logged per job, and no input reported
        // done twice by the workers (a worker killed between its commit and its line reports one less).
        let jobs = try await TestDatabase.jobs(queue: name)
        #expect(jobs.count == 60)
        #expect(jobs.allSatisfy { $0.completions == 1 }, "\(jobs.filter { $0.completions != 1 })")
        var reported: [String: Int] = [:]
        for log in try FileManager.default.contentsOfDirectory(atPath: logs.path) {
            let text = try String(contentsOf: logs.appendingPathComponent(log), encoding: .utf8)
            // Work a worker finished after losing its lease counts too: it ran to completion.
            for line in text.split(separator: "\n") {
                let done = line.hasPrefix("lease lost, not recorded: ") ? line.dropFirst(26) : line[...]
                guard done.hasPrefix("done ") else { continue }
                reported[String(done.dropFirst(5).prefix { $0 != " " }), default: 0] += 1
            }
        }
        #expect(reported.values.allSatisfy { $0 == 1 }, "\(reported.filter { $0.value > 1 })")
        #expect(reported.count >= 59)
        // The job the killed worker held was claimed again when its lease ran out.
        for held in orphaned {
            #expect(jobs.first { $0.input == held }.map { $0.attempts >= 2 } == true, "\(held) was claimed again")
        }
        _ = try await CLI.run(["queue", "purge"] + queue)
    }

    @Test(
        "upload jobs across 3 workers: no more uploads than the daily limit reach the server, the rest wait for quota",
        .timeLimit(.minutes(5)), arguments: [true, false])
    func uploadsRespectOneQuota(configuredLimit: Bool) async throws {
        let url = try TestDatabase.url
        let name = TestDatabase.queueName("cli-upload")
        let queue = ["--queue", url, "--queue-name", name]
        let server = StandInServer(
            configuration: StandInConfiguration(
                accounts: [.init(apiKey: "q-key-SECRET", accessToken: "q-token-SECRET")], dailyLimit: 3))
        try await server.withRunning { baseURL in
            let folder = try Self.temporary("upload")
            let photo = CLI.packageRoot.appendingPathComponent("TestImages/scan-gray.jpg")
            var manifest = "image_path,apikey_env,token_env\n"
            for index in 0..<10 {
                try FileManager.default.copyItem(at: photo, to: folder.appendingPathComponent("u\(index).jpg"))
                manifest += "u\(index).jpg,Q_KEY,Q_TOKEN\n"
            }
            let manifestFile = folder.appendingPathComponent("staff.csv")
            try manifest.write(to: manifestFile, atomically: true, encoding: .utf8)
            // The enqueuer needs no secrets: the jobs name the variables. Without a configured
            // limit the workers learn it from the server's first 429.
            let limit = configuredLimit ? ["--daily-limit", "3"] : []
            let enqueue = try await CLI.run(["upload-batch", manifestFile.path, "--endpoint", baseURL] + limit + queue)
            #expect(enqueue.status == 0, "\(enqueue.stderr)")
            #expect(enqueue.stdout.contains("enqueued 10 upload job(s)"), "\(enqueue.stdout)")
            let again = try await CLI.run(["upload-batch", manifestFile.path, "--endpoint", baseURL] + limit + queue)
            #expect(again.stdout.contains("enqueued 0 upload job(s)"))

            let secrets = ["Q_KEY": "q-key-SECRET", "Q_TOKEN": "q-token-SECRET"]
            let logs = try Self.temporary("upload-logs")
            let workers = try (0..<3).map {
                try Self.startWorker(queue, log: logs.appendingPathComponent("w\($0).log"), environment: secrets)
            }
            let deadline = Date().addingTimeInterval(200)
            for worker in workers {
                #expect(await Self.wait(worker, until: deadline), "workers leave once only quota waits are left")
                #expect(worker.terminationStatus == 0)
            }
            #expect(await server.state.updateCount(account: 0) == 3)
            // Known beforehand, nothing past the limit is sent; learned, each worker may have sent one
            // request that the server refused (429) before the store knew.
            let requests = await server.state.requests.count
            #expect(configuredLimit ? requests == 3 : requests <= 3 + 3, "\(requests) requests")

            let status = try await CLI.run(["queue", "status", "--json"] + queue)
            let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            let counts = object?["counts"] as? [String: Int]
            #expect(
                counts?["done"] == 3 && counts?["waiting_for_quota"] == 7 && counts?["failed"] == 0, "\(status.stdout)")
            let text = try await CLI.run(["queue", "status"] + queue)
            #expect(text.stdout.contains("7 waiting for quota"), "\(text.stdout)")
            var outputs = [enqueue.stdout, enqueue.stderr, status.stdout, text.stdout]
            for log in try FileManager.default.contentsOfDirectory(atPath: logs.path) {
                outputs.append(try String(contentsOf: logs.appendingPathComponent(log), encoding: .utf8))
            }
            outputs += try await TestDatabase.payloads(queue: name)
            for output in outputs { #expect(!output.contains("SECRET"), "no secret in output, log or database") }
            _ = try await CLI.run(["queue", "purge"] + queue)
        }
    }

    @Test(
        "an unreachable profile API: workers stop claiming upload jobs and back off; no job is failed for it",
        .timeLimit(.minutes(5)))
    func unreachableAPI() async throws {
        let url = try TestDatabase.url
        let name = TestDatabase.queueName("cli-down")
        let queue = ["--queue", url, "--queue-name", name]
        let folder = try Self.temporary("down")
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/scan-gray.jpg")
        var manifest = "image_path,apikey_env,token_env\n"
        for index in 0..<6 {
            try FileManager.default.copyItem(at: photo, to: folder.appendingPathComponent("d\(index).jpg"))
            manifest += "d\(index).jpg,D_KEY,D_TOKEN\n"
        }
        let manifestFile = folder.appendingPathComponent("staff.csv")
        try manifest.write(to: manifestFile, atomically: true, encoding: .utf8)
        // A port nobody listens on: connections are refused.
        let closed = try Self.closedPort()
        let enqueue = try await CLI.run(
            ["upload-batch", manifestFile.path, "--endpoint", "http://127.0.0.1:\(closed)/api/v1"] + queue)
        #expect(enqueue.status == 0, "\(enqueue.stderr)")
        let log = folder.appendingPathComponent("worker.log")
        let worker = try Self.startWorker(queue, log: log, environment: ["D_KEY": "k", "D_TOKEN": "t"])
        let deadline = Date().addingTimeInterval(200)
        func text() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        while !text().contains("released ") && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(text().contains("released "), "a job went back untried once the API was found down: \(text())")
        kill(worker.processIdentifier, SIGTERM)
        #expect(await Self.wait(worker, until: deadline.addingTimeInterval(60)))
        #expect(worker.terminationStatus == 130)
        let status = try await CLI.run(["queue", "status", "--json"] + queue)
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let counts = object?["counts"] as? [String: Int]
        #expect(counts?["failed"] == 0 && counts?["done"] == 0 && counts?["queued"] == 6, "\(status.stdout)")
        // Paused: the six jobs were not all tried in turn.
        let tried = text().split(separator: "\n").filter { $0.hasPrefix("retry ") || $0.hasPrefix("released ") }.count
        #expect(tried < 6, "\(text())")
        _ = try await CLI.run(["queue", "purge"] + queue)
    }

    /// A loopback port that was free a moment ago and has no listener.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
