import Foundation

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

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
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
        try process.run()
        // Read before waiting: a full pipe would block the child forever.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// ``run(_:in:environment:)`` for async tests: the process is waited for on a dispatch
    /// thread, never on one of Swift's few cooperative threads, which the in-process stand-in
    /// server needs to answer the very requests the process makes.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) async throws
        -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try run(arguments, in: directory, environment: environment) })
            }
        }
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
