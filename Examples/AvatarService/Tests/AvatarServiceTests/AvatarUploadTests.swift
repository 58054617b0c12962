import AvatarService
import Foundation
import ProfileAPITesting
import ProfileImage
import Testing

@Suite("POST /api/avatar over real HTTP: both files made, sent to the profile API, and served back")
struct AvatarUploadTests {
    @Test(
        "a photo and a crop: 200 with both files' sizes, the crop used and the quota; the files served are the ones sent"
    )
    func upload() async throws {
        try await ServiceHarness.withService(dailyLimit: 3) { service in
            let answer = try await service.upload(try ServiceHarness.photo("landscape.jpg"), crop: "400,100,600,600")
            #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
            let json = answer.json
            let crop = try #require(json["crop"] as? [String: Any])
            #expect(
                crop["x"] as? Int == 400 && crop["y"] as? Int == 100 && crop["w"] as? Int == 600
                    && crop["mode"] as? String == "given")
            let quota = try #require(json["quota"] as? [String: Any])
            #expect(quota["used"] as? Int == 1 && quota["limit"] as? Int == 3 && quota["left"] as? Int == 2)
            let sent = try #require(await service.standIn.uploads.last)
            for (field, part) in [("image", "image"), ("cropped_image", "cropped_image")] {
                let summary = try #require(json[field] as? [String: Any])
                let url = try #require(summary["url"] as? String)
                let served = try await service.get(url)
                #expect(served.status == 200 && served.headers["content-type"] == "image/jpeg")
                let received = try #require(sent.first { $0.name == part })
                #expect(served.body == received.bytes)
                #expect(summary["bytes"] as? Int == received.bytes.count)
            }
            let image = try ImageDecoder().info(try #require(sent.first { $0.name == "image" }).bytes)
            let cropped = try ImageDecoder().info(try #require(sent.first { $0.name == "cropped_image" }).bytes)
            #expect(image.width == 1600 && image.height == 1067)
            #expect(cropped.width == 512 && cropped.height == 512)
        }
    }

    @Test(
        "the crop is in the upright picture's pixels: a phone photo stored sideways is cropped where the person saw it")
    func uprightCrop() async throws {
        try await ServiceHarness.withService { service in
            // phone-portrait.jpg is stored 1600 x 1200 with orientation 6: upright it is 1200 x 1600.
            let answer = try await service.upload(
                try ServiceHarness.photo("phone-portrait.jpg"), crop: "0,1000,600,600")
            #expect(answer.status == 200)
            let image = try #require(await service.standIn.uploads.last?.first { $0.name == "image" })
            let info = try ImageDecoder().info(image.bytes)
            #expect(info.width == 1200 && info.height == 1600 && info.orientation == .up)
            // A square that fits the picture as stored (1600 wide) but not upright (1200 wide).
            let outside = try await service.upload(
                try ServiceHarness.photo("phone-portrait.jpg"), crop: "1000,0,600,600")
            #expect(outside.status == 400 && outside.errorCode == "invalidCrop")
        }
    }

    @Test("a photo sent with no crop gets the face-aware one, and the suggestion says where it is")
    func faceCrop() async throws {
        try await ServiceHarness.withService { service in
            let photo = try ServiceHarness.photo("face-biden-left.jpg")
            let suggestion = try await service.send(
                .POST, "/api/crop-suggestion", body: photo, contentType: "image/jpeg")
            #expect(suggestion.status == 200)
            let crop = try #require(suggestion.json["crop"] as? [String: Any])
            #expect(crop["mode"] as? String == "face")
            let faces = try #require(crop["faces"] as? [[String: Int]])
            let (x, y, side) = (
                try #require(crop["x"] as? Int), try #require(crop["y"] as? Int), try #require(crop["w"] as? Int)
            )
            for face in faces {
                let (fx, fy, fw, fh) = (face["x"] ?? -1, face["y"] ?? -1, face["w"] ?? 0, face["h"] ?? 0)
                #expect(
                    fx >= x && fy >= y && fx + fw <= x + side && fy + fh <= y + side, "face \(face) outside \(crop)")
            }
            #expect(await service.standIn.uploads.isEmpty, "a suggestion sends nothing")
            let answer = try await service.upload(photo)
            #expect((answer.json["crop"] as? [String: Any])?["mode"] as? String == "face")
            #expect((answer.json["crop"] as? [String: Any])?["x"] as? Int == x)
        }
    }

    @Test(
        "a damaged photo gets 400 with the API's own words and the decoder's reason; nothing is sent",
        arguments: [
            "truncated-in-scan.jpg", "text",
        ])
    func invalidPhoto(name: String) async throws {
        try await ServiceHarness.withService { service in
            let photo = name == "text" ? Array("just some words, not a photo".utf8) : try ServiceHarness.photo(name)
            let answer = try await service.upload(photo)
            #expect(answer.status == 400)
            #expect(answer.errorCode == "invalidImage")
            #expect(
                answer.errorMessage
                    == "Upload a valid image. The file you uploaded was either not an image or a corrupted image.")
            #expect(((answer.json["error"] as? [String: Any])?["reason"] as? String)?.isEmpty == false)
            #expect(await service.standIn.uploads.isEmpty)
        }
    }

    @Test("a spent daily quota: 429 with Retry-After and the API's wait; the store then refuses without asking the API")
    func quotaSpent() async throws {
        try await ServiceHarness.withService(dailyLimit: 1, configure: { $0.dailyLimit = nil }) { service in
            let photo = try ServiceHarness.photo("landscape.jpg")
            #expect(try await service.upload(photo).status == 200)
            let refused = try await service.upload(photo)
            #expect(refused.status == 429)
            #expect(
                refused.errorMessage?.hasPrefix("Your daily profile update limit exceeded. Expected available in")
                    == true)
            let retryAfter = try #require(refused.headers["retry-after"].flatMap { Int($0) })
            #expect(retryAfter > 86_000 && retryAfter <= 86_400)
            let requestsBefore = await service.standIn.requests.count
            let again = try await service.upload(photo)
            #expect(again.status == 429 && again.headers["retry-after"] != nil)
            #expect(
                await service.standIn.requests.count == requestsBefore, "the quota store knew; the API was not asked")
        }
    }

    @Test("the profile API failing: 502 with a clear message, and the service keeps serving")
    func profileAPIFails() async throws {
        try await ServiceHarness.withService { service in
            await service.standIn.inject(Array(repeating: (status: 500, retryAfter: nil), count: 5))
            let answer = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            #expect(answer.status == 502)
            #expect(answer.errorCode == "profileAPI")
            #expect(answer.errorMessage?.contains("500") == true)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("no secret reaches the logs")
    func noSecretsLogged() async throws {
        let lines = try await ServiceHarness.withService(dailyLimit: 1, configure: { $0.dailyLimit = nil }) { service in
            let photo = try ServiceHarness.photo("landscape.jpg")
            _ = try await service.upload(photo)
            _ = try await service.upload(photo)
            _ = try await service.upload(Array("not a photo".utf8))
            return service.logs.all
        }
        #expect(lines.count >= 3)
        for line in lines {
            #expect(!line.contains(ServiceHarness.apiKey) && !line.contains(ServiceHarness.accessToken), "\(line)")
        }
    }
}
