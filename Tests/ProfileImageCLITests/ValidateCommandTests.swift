import Foundation
import Testing

@Suite("profile-image validate, run as a subprocess")
struct ValidateCommandTests {
    struct Line: Decodable {
        let file: String
        let valid: Bool
        let format: String?
        let width: Int?
        let height: Int?
        let warnings: [String]?
        let error: ErrorObject?
        struct ErrorObject: Decodable {
            let code: String
            let message: String
            let reason: String
        }
    }

    struct Manifest: Decodable {
        let valid: [String: Valid]
        struct Valid: Decodable {
            let format: String
            let width: Int
            let height: Int
            let warnings: Int?
        }
    }

    func parse(_ result: CLI.Result) throws -> [String: Line] {
        var lines: [String: Line] = [:]
        for text in result.lines {
            let line = try JSONDecoder().decode(Line.self, from: Data(text.utf8))
            lines[URL(fileURLWithPath: line.file).lastPathComponent] = line
        }
        return lines
    }

    @Test("--json gives the right verdict on every valid fixture, and exits 0")
    func validFixtures() async throws {
        let result = try await CLI.run(["validate", "--json", CLI.fixtures.appendingPathComponent("valid").path])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: CLI.fixtures.appendingPathComponent("manifest.json")))
        let lines = try parse(result)
        #expect(Set(lines.keys) == Set(manifest.valid.keys))
        for (name, expected) in manifest.valid {
            let line = try #require(lines[name])
            #expect(line.valid && line.error == nil, "\(name)")
            #expect(line.format == expected.format && line.width == expected.width && line.height == expected.height)
            #expect((line.warnings?.count ?? 0) == (expected.warnings ?? 0), "\(name): \(line.warnings ?? [])")
        }
    }

    @Test("--policy tolerant --json: recovered damage is valid, and says so first among the warnings")
    func tolerantWarnings() async throws {
        let result = try await CLI.run(
            ["validate", "--json", "--policy", "tolerant", CLI.fixtures.appendingPathComponent("invalid/truncated-in-scan.jpg").path])
        let line = try #require(try parse(result).values.first)
        #expect(line.valid)
        #expect(line.warnings?.first?.hasPrefix("recovered from damage: JPEG: Premature end of JPEG file") == true, "\(line)")
    }

    @Test("--json refuses every invalid fixture with the API's message and a code, and exits 1")
    func invalidFixtures() async throws {
        let folder = CLI.fixtures.appendingPathComponent("invalid")
        let result = try await CLI.run(["validate", "--json", folder.path])
        #expect(result.status == 1)
        let lines = try parse(result)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(lines.keys) == Set(names))
        for (name, line) in lines {
            #expect(!line.valid, "\(name)")
            let error = try #require(line.error)
            #expect(
                error.message
                    == "Upload a valid image. The file you uploaded was either not an image or a corrupted image.")
            #expect(!error.code.isEmpty && !error.reason.isEmpty)
        }
        #expect(lines["bomb-30000x30000.png"]?.error?.code == "dimensionsTooLarge")
        #expect(lines["missing-eoi.jpg"]?.error?.code == "truncated")
        #expect(lines["image.ico"]?.format == "ico")
        #expect(lines["image.ico"]?.error?.code == "unsupportedFormat")
    }

    @Test("one bad file among good ones: every file reported, exit 1")
    func mixed() async throws {
        let result = try await CLI.run([
            "validate", CLI.fixtures.appendingPathComponent("valid/baseline-420.jpg").path,
            CLI.fixtures.appendingPathComponent("invalid/missing-eoi.jpg").path,
            CLI.fixtures.appendingPathComponent("valid/rgb-8.png").path,
        ])
        #expect(result.status == 1)
        #expect(result.lines.count == 3)
        #expect(result.lines[0].hasSuffix("baseline-420.jpg: valid JPEG 70x46"))
        #expect(result.lines[1].contains("missing-eoi.jpg: invalid (truncated) JPEG: Premature end of JPEG file"))
        #expect(result.lines[2].hasSuffix("rgb-8.png: valid PNG 70x46"))
    }

    @Test("a missing file is reported by name as unreadable, and the others are still checked")
    func missingFile() async throws {
        let result = try await CLI.run([
            "validate", "--json", "/nonexistent/photo.jpg", CLI.fixtures.appendingPathComponent("valid/rgb-8.png").path,
        ])
        #expect(result.status == 1)
        let lines = try parse(result)
        #expect(lines["photo.jpg"]?.error?.code == "unreadable")
        #expect(lines["photo.jpg"]?.error?.reason == "no such file")
        #expect(lines["rgb-8.png"]?.valid == true)
    }

    @Test("usage errors exit 2", arguments: [["validate"], ["validate", "--policy", "lenient", "x.jpg"], ["frobnicate"]])
    func usageErrors(arguments: [String]) async throws {
        let result = try await CLI.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("--help exits 0 and documents the exit status")
    func help() async throws {
        let result = try await CLI.run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("EXIT STATUS"))
    }

    @Test("--version names the release and the codec and colour libraries it runs on")
    func version() async throws {
        let result = try await CLI.run(["--version"])
        #expect(result.status == 0)
        let pattern = #/profile-image \d+\.\d+\.\d+ \(libjpeg-turbo \d+\.\d+\.\d+, libpng \d+\.\d+\.\d+, libwebp \d+\.\d+\.\d+, libheif \d+\.\d+\.\d+ \(HEVC: yes, AV1: yes\), giflib \d+\.\d+\.\d+, libtiff \d+\.\d+\.\d+, Little CMS \d+\.\d+\)\n/#
        #expect(result.stdout.wholeMatch(of: pattern) != nil, "\(result.stdout)")
    }
}
