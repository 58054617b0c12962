import ProfileImage

extension ProfileAPIClient {
    /// `POST {base}{paths.upload}` (default `/user/profile/profile-image/`) with `image` and
    /// `cropped_image`, authenticated as the configuration says.
    ///
    /// Both files are fully validated first (on the client's processor, off the cooperative
    /// pool): a corrupt file costs no request and no quota, and throws
    /// ``ProfileUploadError/Code/invalidImage`` with the API's own message. Then the quota store is
    /// asked for a slot; a known-spent account gets ``ProfileAPIResult/throttled(_:)`` with
    /// `decidedLocally` and no request is sent. The outcome is recorded in the store even if the
    /// calling task is cancelled once the request has gone.
    /// - Throws: ``ProfileUploadError`` (invalid image, network, unreachable, quota store);
    ///   ``ProfileImageError`` with code ``ProfileImageError/Code/busy`` when the client's
    ///   processor is too loaded to validate the files (a service answers 503); or
    ///   `CancellationError` when the task is cancelled before the request left.
    public func uploadProfileImage(image: UploadFile, croppedImage: UploadFile) async throws -> ProfileAPIResult {
        guard metrics.isRecording else { return try await sendProfileImage(image: image, croppedImage: croppedImage) }
        let start = ContinuousClock.now
        do {
            let result = try await sendProfileImage(image: image, croppedImage: croppedImage)
            metrics.recordUpload(result, after: ContinuousClock.now - start)
            return result
        } catch {
            metrics.recordUpload(failure: error, after: ContinuousClock.now - start)
            throw error
        }
    }

    private func sendProfileImage(image: UploadFile, croppedImage: UploadFile) async throws -> ProfileAPIResult {
        var form = MultipartFormData()
        for (field, file) in [("image", image), ("cropped_image", croppedImage)] {
            try await append(file, as: field, to: &form)
        }

        let account = accountKey
        var reservation: QuotaReservation?
        if let quotaStore {
            switch try await quotaStore.reserve(account: account, configuredLimit: configuration.dailyLimit) {
            case .blocked(let message, let secondsLeft):
                logger.info("quota spent; no request sent", metadata: ["account": "\(account.prefix(12))"])
                return .throttled(.init(message: message, retryAfter: secondsLeft, decidedLocally: true))
            case .granted(let granted):
                reservation = granted
            }
        }
        let outcome: ProfileAPIResult
        do {
            let response = try await Self.ending(after: reservation == nil ? nil : reservedRequestLimit) {
                [self, form] in
                try await send(method: "POST", path: configuration.paths.upload, body: .multipart(form), contentType: form.contentType)
            }
            outcome = result(of: response)
        } catch {
            if let quotaStore, let reservation {
                let sent = (error as? ProfileUploadError)?.requestMayHaveBeenSent ?? false
                try? await Self.record(sent ? .unanswered : .released, of: reservation, in: quotaStore)
            }
            throw error
        }
        if let quotaStore, let reservation {
            let quotaOutcome: QuotaOutcome =
                switch outcome {
                case .success: .succeeded
                case .throttled(let throttle): .throttled(message: throttle.message, retryAfter: throttle.retryAfter)
                // Through a gateway that passed it on: the server may have stored it.
                case .serverError(let status, _) where status == 502 || status == 504: .unanswered
                default: .released
                }
            do {
                try await Self.record(quotaOutcome, of: reservation, in: quotaStore)
            } catch {
                // The server has answered: that answer is the caller's, whatever the store says. A
                // success reported as a failure would be retried, sending the photo twice and
                // burning a slot; an unrecorded success at worst lets the server's 429 teach the
                // store again, and an unfinished reservation expires on its own.
                logger.error(
                    "the quota store could not record the outcome",
                    metadata: ["account": "\(account.prefix(12))", "error": "\(error)"])
            }
        }
        return outcome
    }

    /// Runs `work`, cancelling it after `seconds` (when given) with a ``ProfileUploadError/Code/network``
    /// error that says the request may have been sent. A caller cancelled meanwhile cancels `work`
    /// and gets what `work` then throws, which says whether the request may have left.
    private static func ending<T: Sendable>(
        after seconds: Double?, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let seconds else { return try await work() }
        return try await Deadline.run(
            within: .seconds(seconds),
            timedOut: {
                ProfileUploadError(
                    code: .network, message: "the upload took more than \(Int(seconds)) s, retries included; stopped",
                    requestMayHaveBeenSent: true)
            }, work)
    }

    /// Records `outcome` in a task of its own: a caller cancelled after the server answered (a
    /// client that hung up) must not leave the store without it.
    private static func record(
        _ outcome: QuotaOutcome, of reservation: QuotaReservation, in store: any QuotaStore
    ) async throws {
        try await Task { try await store.finish(reservation, outcome: outcome) }.value
    }

    /// Reads and validates `file` on the processor's threads and appends those bytes to `form`
    /// as `field`, named with the real format's extension.
    private func append(_ file: UploadFile, as field: String, to form: inout MultipartFormData) async throws {
        let options = configuration.validation
        let bytes = try await processor.run(pixels: 0) { try file.contents() }
        let pixels: Int
        do {
            let decoder = ImageDecoder(options: options)
            pixels = try decoder.info(bytes).pixelCount
        } catch let error as ProfileImageError {
            throw Self.invalid(error, field: field)
        }
        // Appending scans the content for the boundary (and reads a file part): worker work too.
        form = try await processor.run(pixels: pixels) { [form] () throws -> MultipartFormData in
            let format: ImageFormat
            do {
                format = try ImageDecoder(options: options).validate(bytes).format
            } catch let error as ProfileImageError {
                throw Self.invalid(error, field: field)
            }
            var form = form
            let filename = UploadFile.filename(file.filename, withExtension: format.fileExtension)
            // The bytes just validated, not the file again: a file changed on disk since would
            // otherwise be sent unchecked.
            try form.append(bytes, name: field, filename: filename, contentType: format.mimeType)
            return form
        }
    }

    private static func invalid(_ error: ProfileImageError, field: String) -> ProfileUploadError {
        ProfileUploadError(code: .invalidImage, message: "\(field): \(error.message) (\(error.code): \(error.reason))")
    }
}
