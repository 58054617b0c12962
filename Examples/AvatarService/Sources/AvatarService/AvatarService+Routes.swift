import Hummingbird

extension AvatarService {
    /// Every route the service answers.
    func router(uploading uploader: AvatarUploader) -> Router<AvatarRequestContext> {
        let router = Router(context: AvatarRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        // Requests by route and status, into whatever backend the process bootstrapped.
        router.add(middleware: MetricsMiddleware())
        router.get("/") { _, _ in page.response(for: "index.html") }
        router.get("/assets/:name") { _, context in
            page.response(for: context.parameters.get("name") ?? "")
        }
        router.post("/api/crop-suggestion") { request, context in await suggestCrop(request, context: context) }
        router.post("/api/avatar") { request, context in await upload(request, context: context, uploader: uploader) }
        router.get("/api/avatar/:id/:file") { _, context in
            await result(id: context.parameters.get("id") ?? "", file: context.parameters.get("file") ?? "")
        }
        router.get("/health") { _, _ in
            let load = await processor.load
            return JSONResponse.make(
                .ok,
                HealthResponse(status: "ok", running: load.running, waiting: load.waiting, requests: requests.current))
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return router
    }

    /// `GET /api/avatar/<id>/<image|cropped_image>`: a file a successful upload made, by its
    /// unguessable id only; anything else is 404.
    func result(id: String, file: String) async -> Response {
        guard let id = ResultID(Substring(id)), let result = await results.result(id),
            ["image", "cropped_image"].contains(file)
        else {
            return JSONResponse.error(.notFound, code: "notFound", message: "No such result (it may have expired).")
        }
        let image = file == "image" ? result.image : result.croppedImage
        var headers = HTTPFields()
        headers[.contentType] = image.format == .png ? "image/png" : "image/jpeg"
        headers[.cacheControl] = "private, max-age=600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image.bytes)))
    }
}

/// `GET /health`'s answer.
struct HealthResponse: Codable, Sendable {
    var status: String
    var running: Int
    var waiting: Int
    var requests: Int
}
