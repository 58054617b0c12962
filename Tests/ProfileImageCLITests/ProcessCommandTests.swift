import Foundation
import Testing

@Suite("profile-image process, run as a subprocess")
struct ProcessCommandTests {
    struct ReportLine: Decodable {
        let input: String
        let status: String
        let outputs: [String: String]?
        let image: Size?
        let cropped_image: Size?
        let crop: Crop?
        let error: ErrorObject?
        struct Size: Decodable { let width: Int; let height: Int; let bytes: Int }
        struct Crop: Decodable, Equatable { let x: Int; let y: Int; let w: Int; let h: Int }
        struct ErrorObject: Decodable { let code: String; let message: String }
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pik-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func report(_ url: URL) throws -> [String: ReportLine] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines: [String: ReportLine] = [:]
        for line in text.split(separator: "\n") {
            let decoded = try JSONDecoder().decode(ReportLine.self, from: Data(line.utf8))
            lines[URL(fileURLWithPath: decoded.input).lastPathComponent] = decoded
        }
        return lines
    }

    @Test("the README's main job: TestImages in, two files per photo out, a report line each")
    func mainJob() async throws {
        let out = try temporaryDirectory()
        let reportURL = out.appendingPathComponent("report.ndjson")
        let result = try await CLI.run([
            "process", CLI.packageRoot.appendingPathComponent("TestImages").path, "--out", out.path, "--report",
            reportURL.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try report(reportURL)
        #expect(lines.count == 5)
        for (name, line) in lines {
            #expect(line.status == "ok", "\(name)")
            let outputs = try #require(line.outputs)
            for field in ["image", "cropped_image"] {
                let path = try #require(outputs[field])
                #expect(FileManager.default.fileExists(atPath: path))
                // The extension is the real format's.
                let isPNG = try Data(contentsOf: URL(fileURLWithPath: path)).starts(with: [0x89, 0x50])
                #expect(path.hasSuffix(isPNG ? ".png" : ".jpg"))
                #expect(path.contains(".\(field)."))
            }
            #expect(line.cropped_image?.width == 512 && line.cropped_image?.height == 512)
        }
        #expect(lines["logo-transparent.png"]?.outputs?["image"]?.hasSuffix("logo-transparent.image.png") == true)
        #expect(lines["phone-portrait.jpg"]?.image?.width == 1200 && lines["phone-portrait.jpg"]?.image?.height == 1600)
        #expect(lines["phone-portrait.jpg"]?.crop == .init(x: 0, y: 200, w: 1200, h: 1200))
        #expect(lines["landscape.jpg"]?.image?.width == 1600)
    }

    @Test("invalid inputs are reported and skipped; the rest are processed; exit 1")
    func mixedBatch() async throws {
        let input = try temporaryDirectory()
        let out = try temporaryDirectory()
        let fixtures = CLI.fixtures
        try FileManager.default.createDirectory(at: input.appendingPathComponent("team"), withIntermediateDirectories: true)
        for (source, target) in [
            ("valid/baseline-420.jpg", "ada.jpg"), ("valid/rgba-8.png", "team/logo.png"),
            ("invalid/missing-eoi.jpg", "team/broken.jpg"), ("invalid/text.txt", "notes.jpg"),
        ] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(source), to: input.appendingPathComponent(target))
        }
        let reportURL = out.appendingPathComponent("report.ndjson")
        let result = try await CLI.run(["process", input.path, "--out", out.path, "--report", reportURL.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.jpg"))
        #expect(result.stderr.contains("truncated"))
        let lines = try report(reportURL)
        #expect(lines["broken.jpg"]?.status == "invalid")
        #expect(lines["broken.jpg"]?.error?.code == "truncated")
        #expect(
            lines["broken.jpg"]?.error?.message
                == "Upload a valid image. The file you uploaded was either not an image or a corrupted image.")
        #expect(lines["notes.jpg"]?.error?.code == "notAnImage")
        #expect(lines["ada.jpg"]?.status == "ok")
        // Relative paths are kept under --out; transparency makes PNG.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("ada.image.jpg").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("team/logo.cropped_image.png").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("team/broken.image.jpg").path))
        // No temporary files are left behind.
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.contains(".profile-image-tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("--crop, --size and --format are applied, and a crop outside the image is an error")
    func options() async throws {
        let out = try temporaryDirectory()
        let photo = CLI.packageRoot.appendingPathComponent("TestImages/landscape.jpg").path
        let reportURL = out.appendingPathComponent("report.ndjson")
        let ok = try await CLI.run([
            "process", photo, "--out", out.path, "--crop", "100,50,600,600", "--size", "200", "--format", "png",
            "--report", reportURL.path,
        ])
        #expect(ok.status == 0, "\(ok.stderr)")
        let line = try #require(try report(reportURL)["landscape.jpg"])
        #expect(line.crop == .init(x: 100, y: 50, w: 600, h: 600))
        #expect(line.cropped_image?.width == 200)
        #expect(line.outputs?["cropped_image"]?.hasSuffix("landscape.cropped_image.png") == true)

        let outside = try await CLI.run(["process", photo, "--out", out.path, "--crop", "1500,0,600,600"])
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("invalidCrop"))
        #expect(try await CLI.run(["process", photo, "--out", out.path, "--crop", "1,2,3"]).status == 2)
        #expect(try await CLI.run(["process", photo, "--out", out.path, "--quality", "0"]).status == 2)
        #expect(try await CLI.run(["process", photo]).status == 2)
    }

    @Test("two inputs with the same stem do not overwrite each other's outputs")
    func sameStem() async throws {
        let input = try temporaryDirectory()
        let out = try temporaryDirectory()
        try FileManager.default.copyItem(
            at: CLI.fixtures.appendingPathComponent("valid/baseline-420.jpg"), to: input.appendingPathComponent("ada.jpg"))
        try FileManager.default.copyItem(
            at: CLI.fixtures.appendingPathComponent("valid/rgb-8.png"), to: input.appendingPathComponent("ada.png"))
        let result = try await CLI.run(["process", input.path, "--out", out.path])
        #expect(result.status == 0)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out.path)).filter { !$0.hasPrefix(".") }
        #expect(names.count == 4, "\(names)")
    }
}
