import Foundation
import Testing

/// Runs the built `profile-image` executable as a user would, and captures what it prints.
enum CLI {
    /// The package's root directory, found from this source file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/ProfileImageTests/Fixtures")

    /// `swift test` builds the executables next to the test bundle.
    static let executable = built("profile-image")
    /// The stand-in of the profile API, a development tool of its own.
    static let standIn = built("profile-api-stand-in")

    private static func built(_ name: String) -> URL {
        let candidates = [
            Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for directory in candidates {
            for base in [directory, directory.deletingLastPathComponent()] {
                let url = base.appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        fatalError("\(name) executable not found near \(candidates)")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// How long one run may take before it is taken for hung. No test is about speed: this only
    /// turns a process that never ends into a failure that says where it stood, instead of a test
    /// run that never ends.
    static let hangLimit: TimeInterval = 300

    /// Runs the executable to its end, or for `limit` seconds: past that its threads' stacks are
    /// written into `stderr` (as gdb reads them) and it is killed, with status -1.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        limit: TimeInterval = hangLimit
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let end = try ProcessEnd(starting: process)
        // Both pipes are drained while the process runs: a full pipe would block it forever.
        let stdout = Drained(out.fileHandleForReading)
        let stderr = Drained(err.fileHandleForReading)
        var stacks = ""
        if !end.wait(seconds: limit) {
            stacks = "\n[test harness] profile-image \(arguments.joined(separator: " ")) still running after "
                + "\(Int(limit)) s; its threads:\n" + threads(of: process.processIdentifier)
            kill(process.processIdentifier, SIGKILL)
            guard end.wait(seconds: 30) else {
                return Result(status: -1, stdout: "", stderr: stacks + "\n[test harness] and it did not end when killed")
            }
        }
        return Result(
            status: stacks.isEmpty ? process.terminationStatus : -1, stdout: stdout.text(),
            stderr: stderr.text() + stacks)
    }

    /// Where each thread of `pid` stands, as gdb prints it; empty where gdb is not installed.
    static func threads(of pid: Int32) -> String {
        let gdb = Process()
        gdb.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gdb.arguments = ["gdb", "-p", "\(pid)", "-batch", "-nx", "-ex", "thread apply all bt 25"]
        let out = Pipe()
        gdb.standardOutput = out
        gdb.standardError = out
        guard let end = try? ProcessEnd(starting: gdb) else { return "(gdb could not be started)" }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = end.wait(seconds: 60)
        return text.split(separator: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }.joined(separator: "\n")
    }

    /// ``run(_:in:environment:limit:)`` for async tests: the process is waited for on a dispatch
    /// thread, never on one of Swift's few cooperative threads, which the in-process stand-in
    /// server needs to answer the very requests the process makes. A run that hangs is recorded as
    /// this test's failure, with the process's stacks.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        limit: TimeInterval = hangLimit, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Result {
        let result = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result { try run(arguments, in: directory, environment: environment, limit: limit) })
            }
        }
        if result.status == -1 { Issue.record("\(result.stderr)", sourceLocation: sourceLocation) }
        return result
    }

    /// Starts `profile-api-stand-in --port 0` and returns it with the base URL it printed.
    static func startServer(_ extra: [String] = []) throws -> (process: Process, baseURL: String) {
        let process = Process()
        process.executableURL = standIn
        process.arguments = ["--port", "0"] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let start = text.range(of: "http://"), let end = text[start.lowerBound...].firstIndex(of: " ") else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        return (process, String(text[start.lowerBound..<end]))
    }
}
