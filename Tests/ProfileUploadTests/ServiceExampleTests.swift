import Foundation
import Hummingbird
import HummingbirdTesting
import ProfileAPITesting
import ProfileImage
import ProfileQuotaSQLite
import ProfileUpload
import Testing

@Suite("The README's service example: it compiles, it runs, and it is the README's")
struct ServiceExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("a photo posted to the example's route reaches the profile API as both files; a broken one is a 400")
    func runs() async throws {
        let server = StandInServer(configuration: TestSupport.configuration(dailyLimit: 1))
        try await server.withRunning { baseURL in
            let router = Router()
            addAvatarRoute(
                to: router, apiBase: baseURL, processor: ProfileImageProcessor(),
                quotaStore: try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite")),
                credentials: { _ in TestSupport.credentials })
            try await Application(router: router).test(.router) { client in
                let photo = try Data(contentsOf: Self.root.appendingPathComponent("TestImages/landscape.jpg"))
                try await client.execute(uri: "/avatar?crop=100,50,600,600", method: .post, body: ByteBuffer(bytes: photo)) {
                    #expect($0.status == .ok)
                }
                try await client.execute(uri: "/avatar", method: .post, body: ByteBuffer(bytes: photo)) {
                    #expect($0.status == .tooManyRequests)
                    #expect($0.headers[.retryAfter].flatMap { Int($0) } ?? 0 > 80_000)
                }
                try await client.execute(uri: "/avatar", method: .post, body: ByteBuffer(bytes: [0xFF, 0xD8, 0xFF])) {
                    #expect($0.status == .badRequest)
                }
            }
            let received = try #require(await server.state.uploads.first)
            #expect(received.map(\.name) == ["image", "cropped_image"])
            let crop = try ImageDecoder().info(try #require(received.last?.bytes))
            #expect((crop.width, crop.height) == (512, 512))
            #expect(await server.state.requests.count == 2, "the spent quota and the broken photo cost no request")
        }
    }

    @Test("the README shows this very code")
    func readmeMatches() throws {
        let source = try String(contentsOf: Self.root.appendingPathComponent("Tests/ProfileUploadTests/ServiceExample.swift"), encoding: .utf8)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try #require(source.components(separatedBy: "// BEGIN README\n").last?.components(separatedBy: "// END README").first)
        #expect(readme.contains("```swift\n" + example + "```"), "README.md's service example differs from ServiceExample.swift")
    }
}
