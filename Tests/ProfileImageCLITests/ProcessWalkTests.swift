import Foundation
import Testing

@Suite("process: every file the walk meets is done or accounted for, and outputs are never inputs", .serialized)
struct ProcessWalkTests {
    @Test("--out inside the input folder: run three times, the same two inputs every time")
    func outputInsideInput() async throws {
        let photos = try BatchCommandTests.temporary("photos")
        try BatchCommandTests.copy("TestImages/landscape.jpg", to: photos.appendingPathComponent("a.jpg"))
        try BatchCommandTests.copy("TestImages/scan-gray.jpg", to: photos.appendingPathComponent("b.jpg"))
        let out = photos.appendingPathComponent("avatars")
        for run in 0..<3 {
            let result = try await CLI.run(["process", photos.path, "--out", out.path, "--force"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("process: 2 of 2 done"), "run \(run): \(result.stderr)")
        }
        #expect(
            try BatchCommandTests.files(under: out).filter { !$0.hasPrefix(".") }
                == ["a.cropped_image.jpg", "a.image.jpg", "b.cropped_image.jpg", "b.image.jpg"])

        // An earlier run's output folder is left out too, whatever this run's --out.
        let other = try await CLI.run(["process", photos.path, "--out", photos.appendingPathComponent("thumbs").path])
        #expect(other.stderr.contains("process: 2 of 2 done"), "\(other.stderr)")
        #expect(other.stderr.contains("skipped: 1 output folder"), "\(other.stderr)")
    }

    @Test("--report inside the input folder: never read as a photo on the next run")
    func reportInsideInput() async throws {
        let photos = try BatchCommandTests.temporary("reported")
        try BatchCommandTests.copy("TestImages/landscape.jpg", to: photos.appendingPathComponent("a.jpg"))
        let report = photos.appendingPathComponent("run.ndjson").path
        for run in 0..<2 {
            let result = try await CLI.run(
                ["process", photos.path, "--out", photos.appendingPathComponent("avatars").path, "--force", "--report", report])
            #expect(result.status == 0, "run \(run): \(result.stderr)")
            #expect(result.stderr.contains("process: 1 of 1 done"), "run \(run): \(result.stderr)")
        }
        let checked = try await CLI.run(["validate", photos.path, "--report", report])
        #expect(checked.status == 0, "the report is no invalid image: \(checked.stderr)")
    }

    @Test("--out the input folder itself: its outputs are never inputs")
    func outputIsInput() async throws {
        let photos = try BatchCommandTests.temporary("same")
        try BatchCommandTests.copy("TestImages/landscape.jpg", to: photos.appendingPathComponent("a.jpg"))
        try BatchCommandTests.copy("TestImages/scan-gray.jpg", to: photos.appendingPathComponent("team/b.jpg"))
        for run in 0..<3 {
            let result = try await CLI.run(["process", photos.path, "--out", photos.path, "--force"])
            #expect(result.stderr.contains("process: 2 of 2 done"), "run \(run): \(result.stderr)")
        }
        #expect(
            try BatchCommandTests.files(under: photos).filter { !$0.hasPrefix(".") && !$0.contains("/.") }
                == ["a.cropped_image.jpg", "a.image.jpg", "a.jpg", "team/b.cropped_image.jpg", "team/b.image.jpg", "team/b.jpg"])
    }

    @Test("a name that is not UTF-8 is processed and named; a FIFO is skipped and said so")
    func oddEntries() async throws {
        let folder = try BatchCommandTests.temporary("odd")
        let photo = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg"))
        // "caf\xE9.jpg": Latin-1, as old archives have it.
        let name: [UInt8] = Array(folder.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".jpg".utf8) + [0]
        let file = name.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { fopen($0.baseAddress!, "wb") } }
        let handle = try #require(file)
        _ = photo.withUnsafeBytes { fwrite($0.baseAddress, 1, photo.count, handle) }
        fclose(handle)
        #expect(mkfifo(folder.appendingPathComponent("pipe.jpg").path, 0o644) == 0)
        // A file whose name really is "caf\xE9.jpg" must not share the Latin-1 one's outputs.
        try BatchCommandTests.copy("TestImages/scan-gray.jpg", to: folder.appendingPathComponent("caf\\xE9.jpg"))
        // A link back to the folder itself: walked once, and said so.
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("loop").path, withDestinationPath: ".")
        let out = try BatchCommandTests.temporary("odd-out")
        let report = out.appendingPathComponent("report.ndjson")

        let result = try await CLI.run(["process", folder.path, "--out", out.path, "--report", report.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("process: 2 of 2 done, 0 failed"), "\(result.stderr)")
        #expect(result.stderr.contains("1 not a regular file"), "\(result.stderr)")
        #expect(result.stderr.contains("1 folder reached again through a link"), "\(result.stderr)")
        let lines = try BatchCommandTests.reportLines(report)
        #expect(lines.count == 2)
        let inputs = lines.compactMap { ($0["input"] as? String).map { ($0 as NSString).lastPathComponent } }.sorted()
        #expect(inputs == ["caf\\\\xE9.jpg", "caf\\xE9.jpg"], "\(inputs)")
        let outputs = try BatchCommandTests.files(under: out).filter { $0.hasSuffix(".image.jpg") }
        #expect(outputs == ["caf\\\\xE9.image.jpg", "caf\\xE9.image.jpg"], "\(outputs)")

        let verbose = try await CLI.run(["validate", folder.path, "--verbose"])
        #expect(verbose.status == 0, "\(verbose.stderr)")
        #expect(verbose.stdout.contains("caf\\xE9.jpg: valid JPEG"), "\(verbose.stdout)")
        #expect(verbose.stderr.contains("pipe.jpg: skipped (not a regular file)"), "\(verbose.stderr)")
    }

    @Test("a FIFO named as an input is refused at once, not waited on")
    func fifoArgument() async throws {
        let folder = try BatchCommandTests.temporary("fifo")
        let fifo = folder.appendingPathComponent("photo.jpg").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let result = try await CLI.run(["validate", fifo])
        #expect(result.status == 1)
        #expect(result.stdout.contains("not a regular file"), "\(result.stdout)")
    }

    @Test(
        "--help at 80 columns: examples, exit statuses and other indented lines are never broken mid-line",
        arguments: [["process"], ["upload-batch"], ["upload"], ["validate"], ["quota"], ["profile", "show"], ["profile", "update"],
            ["worker"], ["queue", "status"]])
    func helpWidth(command: [String]) async throws {
        let help = try await CLI.run(command + ["--help"], environment: ["COLUMNS": "80"]).stdout
        let lines = help.components(separatedBy: "\n")
        // The argument parser wraps a line too long for the terminal onto the next line, flush
        // left: an indented line followed straight by a flush-left one that is no heading.
        for (line, next) in zip(lines, lines.dropFirst()) where line.hasPrefix(" ") && !line.allSatisfy({ $0 == " " }) {
            let heading = next.allSatisfy({ $0.isUppercase || $0 == " " || $0 == ":" }) || next.hasPrefix("USAGE:")
            #expect(next.isEmpty || next.hasPrefix(" ") || heading, "broken after: \(line) | \(next)")
        }
        if command == ["process"] {
            #expect(help.contains("--format jpeg \\\n    --max-bytes 200000"))
        }
    }
}
