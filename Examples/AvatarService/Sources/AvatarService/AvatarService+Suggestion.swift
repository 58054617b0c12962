import Hummingbird
import ProfileImage

extension AvatarService {
    /// `POST /api/crop-suggestion` with the photo as the body: the upright picture's size and the
    /// square the service would choose (around the faces it finds, else where the picture has
    /// the most to look at), for the page to start the crop box there. Nothing is sent on.
    func suggestCrop(_ request: Request) async -> Response {
        guard requests.enter() else { return Self.busy("The service is handling as many photos as it can; try again in a moment.") }
        defer { requests.leave() }
        do {
            let photo = try await readBody(of: request)
            guard !photo.isEmpty else { throw AvatarServiceError(code: .badRequest, message: "no photo was sent") }
            let processed = try await processor.process(photo, pipeline: pipeline())
            return JSONResponse.make(
                .ok,
                CropSuggestionResponse(
                    width: processed.source.orientedWidth, height: processed.source.orientedHeight,
                    crop: Self.summary(processed.crop, choice: processed.cropChoice)))
        } catch {
            return failure(error)
        }
    }
}
