import Foundation
import ProfileImage
import ProfileUpload

/// Makes the two files from one photo and uploads them: what `upload` does, and each row of an
/// ``UploadBatch``.
public struct PhotoUploader: Sendable {
    /// How the two files are made.
    public let pipeline: ProfileImagePipeline
    /// The crop, in the upright picture; the pipeline's default when `nil`.
    public let crop: CropRectangle?
    /// Where the photo is read and processed: off the cooperative pool.
    public let processor: ProfileImageProcessor

    /// Creates an uploader whose reading and processing run on `processor`'s threads (by default
    /// a processor of its own, one thread per core).
    public init(pipeline: ProfileImagePipeline, crop: CropRectangle?, processor: ProfileImageProcessor = ProfileImageProcessor()) {
        self.pipeline = pipeline
        self.crop = crop
        self.processor = processor
    }

    /// Reads the photo at `path`, makes both files and uploads them with `client`; every outcome,
    /// failures included, is the record's.
    public func upload(_ path: String, with client: ProfileAPIClient) async -> UploadRecord {
        let account = client.configuration.credentials.fingerprint
        func failure(_ status: UploadRecord.Status, _ message: String) -> UploadRecord {
            UploadRecord(input: path, status: status, account: account, message: message)
        }
        let processed: ProcessedImage
        do {
            // Read on a worker thread; processed within the processor's pixel budget.
            let bytes = try await processor.run(pixels: 0) { try InputReader.read(path) }
            processed = try await processor.process(bytes, pipeline: pipeline, crop: crop)
        } catch let error as InputReadError {
            return failure(.error, "cannot read the file: \(error.reason)")
        } catch let error as ProfileImageError {
            return failure(error.isInvalidImage ? .invalid : .error, "\(error.message) (\(error.code): \(error.reason))")
        } catch {
            return failure(.error, "\(error)")
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var record: UploadRecord
        do {
            let result = try await client.uploadProfileImage(
                image: UploadFile(bytes: processed.image.bytes, filename: stem),
                croppedImage: UploadFile(bytes: processed.croppedImage.bytes, filename: stem))
            record = Self.record(result, path: path, account: account)
        } catch let error as ProfileUploadError {
            let status: UploadRecord.Status =
                switch error.code {
                case .invalidImage: .invalid
                case .network: .network
                case .unreachable: .unreachable
                default: .error
                }
            record = failure(status, error.message)
        } catch {
            record = failure(.error, "\(error)")
        }
        record.image = .init(
            path: "", width: processed.image.width, height: processed.image.height, bytes: processed.image.bytes.count)
        record.croppedImage = .init(
            path: "", width: processed.croppedImage.width, height: processed.croppedImage.height,
            bytes: processed.croppedImage.bytes.count)
        return record
    }

    /// The record of an API answer for the photo at `path`, sent for `account` (a fingerprint).
    public static func record(_ result: ProfileAPIResult, path: String, account: String) -> UploadRecord {
        switch result {
        case .success:
            return UploadRecord(input: path, status: .uploaded, account: account, message: "uploaded", httpStatus: 200)
        case .validationFailed(let fields):
            return UploadRecord(
                input: path, status: .rejected, account: account, message: "rejected by the server", httpStatus: 400,
                fields: fields)
        case .unauthorized(let detail):
            return UploadRecord(input: path, status: .unauthorized, account: account, message: detail, httpStatus: 401)
        case .throttled(let throttle):
            return UploadRecord(
                input: path, status: .throttled, account: account, message: throttle.message,
                httpStatus: throttle.decidedLocally ? nil : 429, retryAfter: throttle.retryAfter,
                decidedLocally: throttle.decidedLocally)
        case .serverError(let status, let body):
            return UploadRecord(
                input: path, status: .network, account: account, message: "server error: \(body.prefix(200))",
                httpStatus: status)
        }
    }
}
