import Foundation
import Hummingbird
import MultipartKit
import ProfileImage
import ProfileUpload

/// The stand-in's request handling: the documented behaviour of the profile API.
struct StandInResponder: Sendable {
    let configuration: StandInConfiguration
    let state: StandInState

    private var routes: [String: HTTPRequest.Method] {
        [configuration.paths.upload: .post, configuration.paths.profile: .get, configuration.paths.update: .post]
    }
    static let allowedExtensions = ["bmp", "gif", "jpeg", "jpg", "png", "tif", "tiff", "webp"]

    func respond(to request: Request) async throws -> Response {
        var request = request
        let path = request.uri.path
        // Looking at what was received is the test's, not the API's: not recorded, and no
        // injected failure spent on it.
        if path.hasPrefix(Self.inspectionPrefix) { return await inspect(String(path.dropFirst(Self.inspectionPrefix.count))) }
        await state.record(request: "\(request.method) \(path)")
        if let injected = await state.nextInjected() {
            var headers = HTTPFields()
            if let retryAfter = injected.retryAfter { headers[.retryAfter] = retryAfter }
            return Self.json(injected.status, ["detail": "Service temporarily unavailable."], headers: headers)
        }
        guard path.hasPrefix(configuration.basePath) else { return Self.json(404, ["detail": "Not found."]) }
        let route = String(path.dropFirst(configuration.basePath.count))
        // Django's APPEND_SLASH: the documented URLs end in a slash; without it, a redirect.
        if routes[route + "/"] != nil {
            var headers = HTTPFields()
            headers[.location] = path + "/" + (request.uri.query.map { "?" + $0 } ?? "")
            return Response(status: .movedPermanently, headers: headers)
        }
        guard let method = routes[route] else { return Self.json(404, ["detail": "Not found."]) }
        guard request.method == method else {
            return Self.json(405, ["detail": "Method \"\(request.method)\" not allowed."])
        }
        let account: Int
        var session: String?
        switch await authenticate(request) {
        case .success(let signedIn): (account, session) = signedIn
        case .failure(let detail): return Self.json(401, ["detail": detail.message])
        }
        // A body without Content-Length (chunked) arrives empty on common Python WSGI servers.
        let body: [UInt8] =
            request.headers[.contentLength] == nil
            ? [] : Array(buffer: try await request.collectBody(upTo: configuration.maxBodySize))
        var response: Response
        switch route {
        case configuration.paths.upload:
            response = await upload(body, contentType: request.headers[.contentType] ?? "", account: account)
        case configuration.paths.profile:
            response = Self.json(200, await state.profile(account: account))
        default:
            response = await updateProfile(body, account: account)
        }
        if let session { response.headers[.setCookie] = "sessionid=\(session); HttpOnly; Path=/; SameSite=Lax" }
        return response
    }

    private func upload(_ body: [UInt8], contentType: String, account: Int) async -> Response {
        let parts = Self.parts(body, contentType: contentType)
        await state.record(upload: parts)
        var errors: [String: [String]] = [:]
        var names: [String: String] = [:]
        for field in ["image", "cropped_image"] {
            guard let part = parts.first(where: { $0.name == field && $0.filename != nil }), !part.bytes.isEmpty else {
                errors[field] = [ProfileAPIText.required]
                continue
            }
            let filename = part.filename ?? ""
            let fileExtension = (filename as NSString).pathExtension.lowercased()
            guard Self.allowedExtensions.contains(fileExtension) else {
                errors[field] = [
                    "File extension “\(fileExtension)” is not allowed. Allowed extensions are: "
                        + Self.allowedExtensions.joined(separator: ", ") + ".",
                ]
                continue
            }
            guard (try? ImageDecoder().validate(part.bytes)) != nil else {
                errors[field] = [ProfileAPIText.invalidImage]
                continue
            }
            names[field] = filename
        }
        guard errors.isEmpty else { return Self.json(400, errors) }
        if let wait = await state.takeSlot(
            account: account, limit: configuration.dailyLimit, window: configuration.window, now: Date())
        {
            var headers = HTTPFields()
            if configuration.sendsRetryAfter { headers[.retryAfter] = String(wait) }
            return Self.json(
                429, ["detail": QuotaMessage.text(secondsLeft: wait, wording: configuration.waitWording)], headers: headers)
        }
        return Self.json(
            200,
            [
                "detail": "Profile image updated.", "image": "/media/profile_images/\(account)/\(names["image"]!)",
                "cropped_image": "/media/profile_images/\(account)/\(names["cropped_image"]!)",
            ])
    }

    private func updateProfile(_ body: [UInt8], account: Int) async -> Response {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return Self.json(400, ["detail": "JSON parse error."])
        }
        var fields: [String: String] = [:]
        for key in ["first_name", "last_name", "email", "phone_number"] {
            if let value = object[key] as? String { fields[key] = value }
        }
        guard fields["email"] != nil else { return Self.json(400, ["email": [ProfileAPIText.required]]) }
        // The API's rules are Django's: the client mirrors them, and so does the stand-in.
        let errors = ProfileUpdate(
            firstName: fields["first_name"], lastName: fields["last_name"], email: fields["email"] ?? "",
            phoneNumber: fields["phone_number"]
        ).validationErrors
        guard errors.isEmpty else { return Self.json(400, errors) }
        return Self.json(200, await state.updateProfile(account: account, with: fields))
    }

    /// Parts of a multipart/form-data body, parsed by MultipartKit.
    static func parts(_ body: [UInt8], contentType: String) -> [StandInState.ReceivedPart] {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=")
        else { return [] }
        var boundary = String(contentType[range.upperBound...])
        if let end = boundary.firstIndex(of: ";") { boundary = String(boundary[..<end]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let parser = MultipartParser(boundary: boundary)
        var parts: [StandInState.ReceivedPart] = []
        var headers: [(String, String)] = []
        var content: [UInt8] = []
        parser.onHeader = { headers.append(($0, $1)) }
        parser.onBody = { content += $0.readBytes(length: $0.readableBytes) ?? [] }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            parts.append(
                .init(
                    name: parameter("name", in: disposition) ?? "", filename: parameter("filename", in: disposition),
                    contentType: headers.first { $0.0.lowercased() == "content-type" }?.1, bytes: content))
            headers = []
            content = []
        }
        do {
            try parser.execute(body)
        } catch {
            return []
        }
        return parts
    }

    /// A quoted parameter of a Content-Disposition value, decoding WHATWG's `%22`, `%0D`, `%0A`.
    static func parameter(_ name: String, in disposition: String) -> String? {
        guard let range = disposition.range(of: "; \(name)=\"") else { return nil }
        let rest = disposition[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "%22", with: "\"")
            .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
    }

    static func json(_ status: Int, _ object: Any, headers: HTTPFields = HTTPFields()) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
