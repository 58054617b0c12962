import Foundation
import Testing

@Suite("profile-image validate and process with WebP, HEIC, AVIF, GIF, TIFF and BMP, and --formats")
struct FormatsCommandTests {
    struct Line: Decodable {
        let file: String
        let valid: Bool
        let format: String?
        let width: Int?
        let height: Int?
        let frames: Int?
        let decoded: String?
        let error: ErrorObject?
        struct ErrorObject: Decodable {
            let code: String
            let reason: String
        }
    }

    struct Manifest: Decodable {
        let valid: [String: Valid]
        let invalid: [String: Invalid]
        struct Valid: Decodable {
            let format: String
            let width: Int
            let height: Int
            let frames: Int?
        }
        struct Invalid: Decodable {
            let code: String
            let format: String
        }
    }

    static let folder = CLI.fixtures.appendingPathComponent("formats")

    func lines(_ result: CLI.Result) throws -> [String: Line] {
        var lines: [String: Line] = [:]
        for text in result.lines {
            let line = try JSONDecoder().decode(Line.self, from: Data(text.utf8))
            lines[URL(fileURLWithPath: line.file).lastPathComponent] = line
        }
        return lines
    }

    @Test("validate --json: every valid file of every format is valid, every damaged one has its code")
    func validateEveryFixture() async throws {
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: Self.folder.appendingPathComponent("formats.json")))
        let names = Array(manifest.valid.keys) + Array(manifest.invalid.keys)
        let result = try await CLI.run(["validate", "--json"] + names.map { Self.folder.appendingPathComponent($0).path })
        #expect(result.status == 1)
        let lines = try lines(result)
        #expect(Set(lines.keys) == Set(names))
        for (name, expected) in manifest.valid {
            let line = try #require(lines[name])
            #expect(line.valid, "\(name): \(line.error?.reason ?? "")")
            #expect(line.format == expected.format && line.width == expected.width && line.height == expected.height)
            #expect(line.frames == expected.frames, "\(name)")
            if let frames = expected.frames, frames > 1 {
                let used = expected.format == "tiff" ? "first page" : expected.format == "avif" ? "primary image" : "first frame"
                #expect(line.decoded == used, "\(name)")
            }
        }
        for (name, expected) in manifest.invalid {
            let line = try #require(lines[name])
            #expect(!line.valid)
            #expect(line.error?.code == expected.code, "\(name): \(line.error?.reason ?? "")")
            #expect(line.format == expected.format)
        }
    }

    @Test("the text verdict says an animation's first frame and a TIFF's first page are used")
    func firstFrameInText() async throws {
        let result = try await CLI.run([
            "validate", Self.folder.appendingPathComponent("gif-animated.gif").path,
            Self.folder.appendingPathComponent("tiff-multipage.tiff").path,
        ])
        #expect(result.status == 0)
        #expect(result.lines[0].hasSuffix("gif-animated.gif: valid GIF 70x46, first frame of 2 used"), "\(result.lines)")
        #expect(result.lines[1].hasSuffix("tiff-multipage.tiff: valid TIFF 70x46, first page of 2 used"))
    }

    @Test("--formats jpeg,png refuses the other formats with formatNotAccepted; the default takes them")
    func narrowing() async throws {
        let heic = Self.folder.appendingPathComponent("heic-quadrants.heic").path
        let jpeg = CLI.fixtures.appendingPathComponent("valid/baseline-420.jpg").path
        let narrow = try await CLI.run(["validate", "--json", "--formats", "jpeg,png", heic, jpeg])
        #expect(narrow.status == 1)
        let lines = try lines(narrow)
        #expect(lines["heic-quadrants.heic"]?.error?.code == "formatNotAccepted")
        #expect(lines["heic-quadrants.heic"]?.error?.reason == "HEIC/HEIF images are not accepted here: only JPEG, PNG")
        #expect(lines["baseline-420.jpg"]?.valid == true)
        let all = try await CLI.run(["validate", "--formats", "jpeg,png,webp,heic,avif,gif,tiff,bmp", heic, jpeg])
        #expect(all.status == 0, "\(all.stdout)")
        #expect(try await CLI.run(["validate", heic]).status == 0)
        let wrong = try await CLI.run(["validate", "--formats", "jpeg,jxl", jpeg])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--formats: 'jxl' is not a format this build decodes"), "\(wrong.stderr)")
    }

    @Test("process turns a phone HEIC, a WebP with alpha and a BMP into JPEG or PNG files")
    func process() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pik-formats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let inputs = ["heic-phone-orientation-6.heic", "webp-alpha.webp", "bmp-24.bmp"]
        let result = try await CLI.run(["process", "--out", out.path] + inputs.map { Self.folder.appendingPathComponent($0).path })
        #expect(result.status == 0, "\(result.stderr)")
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") })
        #expect(
            written == [
                "heic-phone-orientation-6.image.jpg", "heic-phone-orientation-6.cropped_image.jpg",
                "webp-alpha.image.png", "webp-alpha.cropped_image.png", "bmp-24.image.jpg", "bmp-24.cropped_image.jpg",
            ], "\(written)")
        // The phone portrait is upright: 48 wide, 64 tall.
        let check = try await CLI.run(["validate", out.appendingPathComponent("heic-phone-orientation-6.image.jpg").path])
        #expect(check.lines.first?.hasSuffix("valid JPEG 48x64") == true, "\(check.lines)")
    }
}
