import Hummingbird
import ProfileImage
import ProfileUpload

extension AvatarService {
    /// `POST /api/avatar`: reads the photo and crop, makes both files on the bounded processor,
    /// sends them, and answers what happened (see the README for each status).
    func upload(_ request: Request, context: AvatarRequestContext, uploader: AvatarUploader) async -> Response {
        guard requests.enter() else {
            context.closeAfterAnswer()
            return Self.busy("The service is handling as many uploads as it can; try again in a moment.")
        }
        defer { requests.leave() }
        var bodyRead = false
        do {
            let reader = try AvatarForm.Reader(contentType: request.headers[.contentType] ?? "")
            try await readBody(of: request) { try reader.read($0) }
            bodyRead = true
            let form = try reader.finish()
            let processed = try await processor.process(form.photo, pipeline: pipeline(), crop: form.crop)
            let name = processed.image.format == .png ? "avatar.png" : "avatar.jpg"
            let answer = try await uploader.client.uploadProfileImage(
                image: .init(bytes: processed.image.bytes, filename: name),
                croppedImage: .init(bytes: processed.croppedImage.bytes, filename: name))
            return await respond(to: answer, processed: processed, uploader: uploader)
        } catch {
            // The rest of a refused body is not waited for: the connection closes soon after the answer.
            if !bodyRead { context.closeAfterAnswer() }
            return failure(error)
        }
    }

    /// The pipeline for one photo: the library's defaults, with the face-aware crop (or the
    /// attention crop, without a cascade) for a photo sent with no crop.
    func pipeline() -> ProfileImagePipeline {
        var pipeline = ProfileImagePipeline()
        pipeline.configuration.cropStrategy = faceCascadeReadable ? .face : .attention
        pipeline.configuration.faceCascadePath = configuration.faceCascadePath
        return pipeline
    }

    private func respond(to answer: ProfileAPIResult, processed: ProcessedImage, uploader: AvatarUploader) async
        -> Response
    {
        switch answer {
        case .success:
            let id = await results.keep(image: processed.image, croppedImage: processed.croppedImage)
            logger.info(
                "uploaded",
                metadata: [
                    "result": "\(id)", "crop": "\(processed.crop)", "mode": "\(processed.cropChoice.mode.rawValue)",
                ])
            return JSONResponse.make(
                .ok,
                AvatarUploadResponse(
                    id: id.description, image: Self.summary(processed.image, url: "/api/avatar/\(id)/image"),
                    croppedImage: Self.summary(processed.croppedImage, url: "/api/avatar/\(id)/cropped_image"),
                    crop: Self.summary(processed.crop, choice: processed.cropChoice), quota: await uploader.quota()))
        case .validationFailed(let fields):
            let messages = fields.keys.sorted().flatMap { fields[$0] ?? [] }
            logger.info("refused by the profile API", metadata: ["status": "400"])
            return JSONResponse.error(
                .badRequest, code: "invalidImage", message: messages.first ?? ProfileAPIText.invalidImage,
                reason: messages.dropFirst().joined(separator: " ").nilIfEmpty)
        case .throttled(let throttle):
            logger.info(
                "daily limit spent",
                metadata: ["retry_after": "\(throttle.retryAfter)", "decided_locally": "\(throttle.decidedLocally)"])
            return JSONResponse.error(
                .tooManyRequests, code: "quotaExceeded", message: throttle.message, retryAfter: throttle.retryAfter)
        case .unauthorized:
            logger.error("the profile API refused the service's credentials")
            return JSONResponse.error(
                .badGateway, code: "profileAPI",
                message: "The profile service refused this service's sign-in; please tell us.")
        case .serverError(let status, _):
            logger.error("the profile API failed", metadata: ["status": "\(status)"])
            return JSONResponse.error(
                .badGateway, code: "profileAPI",
                message: "The profile service answered \(status); your photo was not saved. Try again later.")
        }
    }

    /// The answer for an upload that ended in an error.
    func failure(_ error: any Error) -> Response {
        switch error {
        case let error as AvatarServiceError:
            logger.info("request refused", metadata: ["code": "\(error.code)"])
            return JSONResponse.error(Self.status(of: error.code), code: error.code.rawValue, message: error.message)
        case let error as ProfileImageError where error.code == .busy:
            logger.warning("processing is at its limit")
            return Self.busy("Too many photos are being processed right now; try again in a moment.")
        case let error as ProfileImageError where [.dimensionsTooLarge, .resourceLimit].contains(error.code):
            logger.info("photo too large to decode", metadata: ["code": "\(error.code)"])
            return JSONResponse.error(
                .contentTooLarge, code: error.code.rawValue, message: "The picture is too large: \(error.reason)")
        case let error as ProfileImageError where error.isInvalidImage:
            logger.info("invalid photo", metadata: ["code": "\(error.code)"])
            return JSONResponse.error(
                .badRequest, code: "invalidImage", message: ProfileAPIText.invalidImage, reason: error.reason)
        case let error as ProfileImageError where error.code == .invalidCrop:
            return JSONResponse.error(.badRequest, code: error.code.rawValue, message: error.message)
        case let error as ProfileUploadError where [.network, .unreachable].contains(error.code):
            logger.error("the profile API could not be reached", metadata: ["code": "\(error.code)"])
            return JSONResponse.error(
                .badGateway, code: "profileAPI",
                message: "The profile service could not be reached; your photo was not saved. Try again later.")
        case let error as ProfileUploadError where error.code == .quotaStore:
            logger.error("the quota store failed", metadata: ["message": "\(error.message)"])
            return JSONResponse.error(
                .serviceUnavailable, code: "quotaStore",
                message: "The service cannot check your daily limit right now; try again later.", retryAfter: 30)
        case is CancellationError:
            return JSONResponse.error(
                .serviceUnavailable, code: "cancelled", message: "The service is shutting down; try again.",
                retryAfter: 5)
        default:
            logger.error("upload failed", metadata: ["error": "\(error)"])
            return JSONResponse.error(
                .internalServerError, code: "internal",
                message: "Something went wrong on our side; your photo was not saved.")
        }
    }

    static func busy(_ message: String) -> Response {
        JSONResponse.error(.serviceUnavailable, code: "busy", message: message, retryAfter: 2)
    }

    static func status(of code: AvatarServiceError.Code) -> HTTPResponse.Status {
        switch code {
        case .tooLarge: .contentTooLarge
        case .timeout: .requestTimeout
        case .busy: .serviceUnavailable
        case .notFound: .notFound
        default: .badRequest
        }
    }

    static func summary(_ image: EncodedImage, url: String) -> OutputSummary {
        OutputSummary(
            url: url, bytes: image.bytes.count, width: image.width, height: image.height,
            contentType: image.format == .png ? "image/png" : "image/jpeg")
    }

    static func summary(_ crop: CropRectangle, choice: CropChoice) -> CropSummary {
        CropSummary(
            x: crop.x, y: crop.y, w: crop.width, h: crop.height, mode: choice.mode.rawValue,
            faces: choice.faces.isEmpty
                ? nil : choice.faces.map { FaceSummary(x: $0.x, y: $0.y, w: $0.width, h: $0.height) })
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
