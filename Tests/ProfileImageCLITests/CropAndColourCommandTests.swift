import Foundation
import Testing

@Suite("process: --crop strategies and --icc in the report")
struct CropAndColourCommandTests {
    struct Line: Decodable {
        struct Box: Decodable { let x: Int; let y: Int; let w: Int; let h: Int }
        struct Crop: Decodable { let x: Int; let y: Int; let w: Int; let h: Int; let mode: String?; let faces: [Box]? }
        struct Colour: Decodable { let action: String; let profile: String?; let note: String? }
        let status: String
        let skipped: Bool?
        let crop: Crop?
        let colour: Colour?
    }

    func lines(_ url: URL) throws -> [Line] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
    }

    @Test("--crop face reports the mode and the faces, also when the run is resumed")
    func faceCropReport() async throws {
        let out = try ProcessCommandTests().temporaryDirectory()
        let photo = CLI.fixtures.appendingPathComponent("faces/face-obama-right.jpg").path
        let reportURL = out.appendingPathComponent("report.ndjson")
        let arguments = ["process", photo, "--out", out.appendingPathComponent("avatars").path, "--crop", "face", "--report", reportURL.path]
        let first = try await CLI.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let line = try #require(try lines(reportURL).first)
        let crop = try #require(line.crop)
        #expect(crop.mode == "face")
        let face = try #require(crop.faces?.first)
        // faces.json: the face is at 552,28 90x90 in this 720x340 picture.
        #expect(abs(face.x - 552) <= 8 && abs(face.y - 28) <= 8 && abs(face.w - 90) <= 12)
        #expect(crop.x <= face.x && face.x + face.w <= crop.x + crop.w && crop.w == crop.h)

        let again = try await CLI.run(arguments)
        #expect(again.status == 0)
        let resumed = try #require(try lines(reportURL).first)
        #expect(resumed.skipped == true)
        #expect(resumed.crop?.mode == "face" && resumed.crop?.faces?.count == crop.faces?.count)

        let centre = try await CLI.run(["process", photo, "--out", out.appendingPathComponent("centre").path, "--report", reportURL.path])
        #expect(centre.status == 0)
        #expect(try lines(reportURL).first?.crop?.mode == "centre")
    }

    @Test("a missing cascade or an unknown strategy is a usage error before any work")
    func usageErrors() async throws {
        let out = try ProcessCommandTests().temporaryDirectory()
        let photo = CLI.fixtures.appendingPathComponent("faces/face-obama-right.jpg").path
        let missing = try await CLI.run(["process", photo, "--out", out.path, "--crop", "face", "--face-cascade", "/nonexistent/faces.xml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/faces.xml"), "\(missing.stderr)")
        #expect(missing.stderr.contains("opencv-data"))
        let unknown = try await CLI.run(["process", photo, "--out", out.path, "--crop", "faces"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("centre, face, attention or x,y,w,h"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("face-obama-right.image.jpg").path))
    }

    @Test(
        "the report says what became of the colour profile",
        arguments: [
            ("cmyk-swop.jpg", "srgb", "convertedToSRGB", "Artifex CMYK SWOP Profile"),
            ("cmyk-swop.jpg", "keep", "dropped", "Artifex CMYK SWOP Profile"),
            ("cmyk-swop.jpg", "drop", "dropped", "Artifex CMYK SWOP Profile"),
            ("adobe-rgb.jpg", "keep", "kept", "Artifex Software A98 ICC Profile"),
            ("adobe-rgb.jpg", "auto", "kept", "Artifex Software A98 ICC Profile"),
        ])
    func colourReport(file: String, policy: String, action: String, profile: String) async throws {
        let out = try ProcessCommandTests().temporaryDirectory()
        let photo = CLI.fixtures.appendingPathComponent("colour/" + file).path
        let reportURL = out.appendingPathComponent("report.ndjson")
        let result = try await CLI.run(["process", photo, "--out", out.path, "--icc", policy, "--report", reportURL.path])
        #expect(result.status == 0, "\(result.stderr)")
        let colour = try #require(try lines(reportURL).first?.colour)
        #expect(colour.action == action)
        #expect(colour.profile == profile)
    }
}
