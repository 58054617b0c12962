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
        let out = try BatchCommandTests.temporary("odd-out")
        let report = out.appendingPathComponent("report.ndjson")

        let result = try await CLI.run(["process", folder.path, "--out", out.path, "--report", report.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("process: 1 of 1 done, 0 failed"), "\(result.stderr)")
        #expect(result.stderr.contains("skipped: 1 not a regular file"), "\(result.stderr)")
        let lines = try BatchCommandTests.reportLines(report)
        #expect(lines.count == 1)
        #expect((lines.first?["input"] as? String)?.hasSuffix("/caf\\xE9.jpg") == true, "\(lines)")
        #expect(try BatchCommandTests.files(under: out).contains("caf\\xE9.image.jpg"))

        let verbose = try await CLI.run(["validate", folder.path, "--verbose"])
        #expect(verbose.status == 0)
        #expect(verbose.stdout.contains("caf\\xE9.jpg: valid JPEG"), "\(verbose.stdout)")
        #expect(verbose.stderr.contains("pipe.jpg: skipped (not a regular file)"), "\(verbose.stderr)")
    }

    @Test("--help examples fit 80 columns and keep their line breaks", arguments: ["process", "upload-batch", "upload"])
    func helpWidth(command: String) async throws {
        let help = try await CLI.run([command, "--help"]).stdout
        let discussion = help.components(separatedBy: "\n").filter { !$0.hasPrefix("USAGE:") }
        for line in discussion { #expect(line.count <= 80, "\(line.count): \(line)") }
        if command == "process" {
            #expect(help.contains("--format jpeg \\\n    --max-bytes 200000"))
        }
    }
}
