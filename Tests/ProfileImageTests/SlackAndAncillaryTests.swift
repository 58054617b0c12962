import Foundation
import Testing

@testable import ProfileImage

@Suite("Harmless slack is accepted and named; damaged ancillary chunks are not")
struct SlackAndAncillaryTests {
    static let ancillary = Fixtures.names(in: "invalid").filter { $0.hasPrefix("ancillary-") }
    static let slack = ["extraneous-before-dqt.jpg", "extraneous-before-app1.jpg", "app14-length-off-by-one.jpg"]

    @Test("bytes between segments: valid, with libjpeg's words as a warning", arguments: slack)
    func slackIsAWarning(name: String) throws {
        let info = try ImageDecoder().validate(try Fixtures.bytes("valid/" + name))
        #expect(info.warnings.count == 1)
        #expect(info.warnings.first?.contains("extraneous bytes before marker 0x") == true, "\(info.warnings)")
        #expect(info.warnings.first?.contains("at byte ") == true)
    }

    @Test("the tolerant policy takes a damaged ancillary chunk, and says which", arguments: ancillary)
    func tolerantNotesAncillaryDamage(name: String) throws {
        let bytes = try Fixtures.bytes("invalid/" + name)
        let info = try ImageDecoder(options: DecodingOptions(policy: .tolerant)).validate(bytes)
        let chunk = String(name.dropFirst("ancillary-".count).prefix(4)).lowercased()
        #expect(info.warnings.contains { $0.lowercased().contains(chunk) }, "\(info.warnings)")
        let strict = try #require(throws: ProfileImageError.self) { try ImageDecoder().validate(bytes) }
        #expect(strict.reason.lowercased().contains(chunk), "the reason names the chunk: \(strict.reason)")
    }

    @Test("the pipeline takes a slack JPEG as any other")
    func pipelineTakesSlack() throws {
        let slack = try ProfileImagePipeline().process(try Fixtures.bytes("valid/extraneous-before-dqt.jpg"))
        let clean = try ProfileImagePipeline().process(try Fixtures.bytes("valid/slack-reference.jpg"))
        #expect(slack.image.bytes == clean.image.bytes && slack.croppedImage.bytes == clean.croppedImage.bytes)
    }
}
