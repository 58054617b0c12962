// The README's "In a service" example, verbatim between the markers: compiled and run by
// ServiceExampleTests, and compared with the README by them, so the two never drift apart.
// BEGIN README
import Hummingbird
import ProfileImage
import ProfileUpload
import ProfileUploadAsyncHTTPClient

/// `POST /avatar` with the photo as the body (and an optional `?crop=x,y,w,h`): both files made
/// and sent to the profile API for the caller's account.
func addAvatarRoute(
    to router: Router<some RequestContext>, apiBase: String, processor: ProfileImageProcessor,
    quotaStore: any QuotaStore, credentials: @escaping @Sendable (Request) throws -> ProfileAPICredentials
) {
    let transport = AsyncHTTPClientTransport()  // over HTTPClient.shared: one connection pool
    let breaker = CircuitBreaker()  // shared by every request: a dead API stops them all at once
    router.post("avatar") { request, _ -> Response in
        let photo = try await request.body.collect(upTo: 25 << 20)
        let crop = request.uri.queryParameters["crop"].flatMap { CropRectangle(parsing: String($0)) }
        let processed: ProcessedImage
        do {
            // Off the cooperative pool, at most so many decodes and pixels at once.
            processed = try await processor.process(Array(buffer: photo), crop: crop)
        } catch let error as ProfileImageError where error.code == .busy {
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])
        } catch let error as ProfileImageError {
            throw HTTPError(.badRequest, message: error.message)  // the API's own words
        }
        let client = ProfileAPIClient(
            configuration: .init(baseURL: apiBase, credentials: try credentials(request)),
            transport: transport, quotaStore: quotaStore, circuitBreaker: breaker,
            processor: processor)  // its re-validation of both files shares the same bounds
        let result: ProfileAPIResult
        do {
            result = try await client.uploadProfileImage(
                image: UploadFile(bytes: processed.image.bytes, filename: "avatar"),
                croppedImage: UploadFile(bytes: processed.croppedImage.bytes, filename: "avatar"))
        } catch let error as ProfileImageError where error.code == .busy {
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])
        } catch let error as ProfileUploadError where error.code == .unreachable {
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "30"])  // the breaker is open
        } catch let error as ProfileUploadError where error.code == .network {
            return Response(status: .badGateway)
        } catch let error as ProfileUploadError where error.code == .quotaStore {
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])  // our database, not theirs
        }
        switch result {
        case .success:
            return Response(status: .ok)
        case .throttled(let wait):
            return Response(status: .tooManyRequests, headers: [.retryAfter: String(wait.retryAfter)])
        case .validationFailed(let fields):
            throw HTTPError(.badRequest, message: fields.values.joined().joined(separator: " "))
        case .unauthorized, .serverError:
            return Response(status: .badGateway)
        }
    }
}
// END README
