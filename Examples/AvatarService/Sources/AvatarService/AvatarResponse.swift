import Foundation
import Hummingbird

/// One output as the page sees it.
struct OutputSummary: Codable, Sendable {
    var url: String
    var bytes: Int
    var width: Int
    var height: Int
    var contentType: String
}

/// A crop rectangle on the wire, with who chose it.
struct CropSummary: Codable, Sendable {
    var x: Int
    var y: Int
    var w: Int
    var h: Int
    var mode: String
    var faces: [FaceSummary]?
}

/// A face the detector found.
struct FaceSummary: Codable, Sendable {
    var x: Int
    var y: Int
    var w: Int
    var h: Int
}

/// What the quota store knows of the account.
struct QuotaState: Codable, Sendable {
    var used: Int
    var limit: Int?
    var left: Int?
}

/// `POST /api/avatar`'s answer when both files were sent.
struct AvatarUploadResponse: Codable, Sendable {
    var id: String
    var image: OutputSummary
    var croppedImage: OutputSummary
    var crop: CropSummary
    var quota: QuotaState?

    enum CodingKeys: String, CodingKey {
        case id, image, crop, quota
        case croppedImage = "cropped_image"
    }
}

/// `POST /api/crop-suggestion`'s answer: the upright picture's size and where to start the box.
struct CropSuggestionResponse: Codable, Sendable {
    var width: Int
    var height: Int
    var crop: CropSummary
}

/// Any refusal: a stable code, the message the page shows, and for an invalid photo the
/// decoder's precise reason.
struct ErrorResponse: Codable, Sendable {
    struct Body: Codable, Sendable {
        var code: String
        var message: String
        var reason: String?
        var retryAfter: Int?
    }
    var error: Body
}

/// JSON responses.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = HTTPFields())
        -> Response
    {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An error answer; `retryAfter` also becomes the `Retry-After` header.
    static func error(
        _ status: HTTPResponse.Status, code: String, message: String, reason: String? = nil, retryAfter: Int? = nil
    ) -> Response {
        var headers = HTTPFields()
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return make(
            status, ErrorResponse(error: .init(code: code, message: message, reason: reason, retryAfter: retryAfter)),
            headers: headers)
    }
}
