import Hummingbird
import ProfileImage

extension AvatarService {
    /// `POST /api/crop-suggestion` with the photo as the body: the upright picture's size and the
    /// square the service would choose (around the faces it finds, else where the picture has
    /// the most to look at), for the page to start the crop box there. Nothing is sent on.
    ///
    /// It costs what an upload's processing costs (the files are made and dropped): it shares
    /// the uploads' limits, and its jobs count in the same metrics.
    func suggestCrop(_ request: Request, context: AvatarRequestContext) async -> Response {
        guard requests.enter() else {
            context.closeAfterAnswer()
            return Self.busy("The service is handling as many photos as it can; try again in a moment.")
        }
        defer { requests.leave() }
        var bodyRead = false
        do {
            let photo = try await readBody(of: request)
            bodyRead = true
            guard !photo.isEmpty else { throw AvatarServiceError(code: .badRequest, message: "no photo was sent") }
            let processed = try await processor.process(photo, pipeline: pipeline())
            return JSONResponse.make(
                .ok,
                CropSuggestionResponse(
                    width: processed.source.orientedWidth, height: processed.source.orientedHeight,
                    crop: Self.summary(processed.crop, choice: processed.cropChoice)))
        } catch {
            if !bodyRead { context.closeAfterAnswer() }
            return failure(error)
        }
    }
}
