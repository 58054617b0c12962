import Foundation
import ProfileImage
import ProfileUpload

extension QueueWorker {
    /// How many uploads in a row may find no answer before the worker stops claiming uploads.
    static let networkFailuresToPause = 3

    /// Makes and sends the files of `job`, as a row of `upload-batch` is sent (the quota store
    /// asked first, so a spent account costs neither processing nor a request).
    func upload(_ job: UploadJob, attempt: Int, uploads: Uploads, workers: ProfileImageProcessor) async -> JobOutcome {
        let credentials: ProfileAPICredentials
        do {
            credentials = try job.credentials.load(
                authentication: job.client.strategy, environment: uploads.environment)
        } catch let error as ProfileUploadError {
            let record = UploadRecord(
                input: job.image, status: .unauthorized, message: "line \(job.line): \(error.message)")
            return .failed(
                code: UploadRecord.Status.unauthorized.rawValue, message: record.message, record: record.jsonLine)
        } catch {
            return .failed(code: "error", message: "\(error)", record: "")
        }
        let configuration: ProfileImagePipeline.Configuration
        do {
            configuration = try job.settings.configuration()
        } catch {
            return .failed(code: BatchError.Code.invalidConfiguration.rawValue, message: "\(error)", record: "")
        }
        let client = job.client
        let row = RowUploader(
            uploader: PhotoUploader(
                pipeline: ProfileImagePipeline(configuration: configuration), crop: job.settings.cropRectangle,
                processor: workers),
            client: { client.configuration($0) }, transport: uploads.transport, quotaStore: uploads.quotaStore,
            breaker: uploads.breaker, journal: nil,
            options: OptionsFingerprint.of(configuration, crop: job.settings.cropRectangle))
        // A lease lost while the worker got here: the job may be another worker's by now.
        if Task.isCancelled { return .release(after: .zero, message: "lease lost before the upload was sent") }
        let outcome = await row.upload(
            UploadManifest.Row(line: job.line, imagePath: job.image, credentials: .success(credentials)))
        let record = outcome.record
        if record.httpStatus != nil { state.serverAnswered() }
        switch record.status {
        case .uploaded:
            return .done(record: record.jsonLine)
        case .invalid, .rejected, .unauthorized:
            return .failed(code: record.status.rawValue, message: record.message, record: record.jsonLine)
        case .throttled:
            let until = outcome.until ?? Date().addingTimeInterval(TimeInterval(record.retryAfter ?? 3_600))
            return .waitForQuota(until: until, message: record.message)
        case .unreachable:
            // Not tried: the breaker is open. The job goes back, uncounted, and no upload is
            // claimed until the breaker lets a trial through.
            let coolDown = uploads.breaker.configuration.coolDown
            state.pauseUploads(for: coolDown)
            return .release(after: coolDown, message: record.message)
        case .network:
            if record.httpStatus == nil {
                // No answer at all: the API is down or cut off, which fails no job. It goes back,
                // uncounted; several such in a row and uploads pause.
                guard state.networkFailure() >= Self.networkFailuresToPause else {
                    return .release(after: backoff(attempt: 1), message: record.message)
                }
                let pause = uploads.breaker.configuration.coolDown
                state.pauseUploads(for: pause)
                return .release(after: pause, message: record.message)
            }
            return retryOrFail(code: "network", message: record.message, record: record.jsonLine, attempt: attempt)
        case .error:
            return retryOrFail(code: "error", message: record.message, record: record.jsonLine, attempt: attempt)
        }
    }
}
