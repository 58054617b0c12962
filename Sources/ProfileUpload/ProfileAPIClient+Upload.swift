import ProfileImage

extension ProfileAPIClient {
    /// `POST {base}/user/profile/profile-image/` with `image` and `cropped_image`.
    ///
    /// Both files are fully validated first: a corrupt file costs no request and no quota, and
    /// throws ``ProfileUploadError/Code/invalidImage`` with the API's own message. Then the quota
    /// store is asked for a slot; a known-spent account gets ``ProfileAPIResult/throttled(_:)``
    /// with `decidedLocally` and no request is sent.
    public func uploadProfileImage(image: UploadFile, croppedImage: UploadFile) async throws -> ProfileAPIResult {
        var form = MultipartFormData()
        for (field, file) in [("image", image), ("cropped_image", croppedImage)] {
            let format = try validate(file, field: field)
            let filename = UploadFile.filename(file.filename, withExtension: format.fileExtension)
            switch file.source {
            case .bytes(let bytes):
                try form.append(bytes, name: field, filename: filename, contentType: format.mimeType)
            case .path(let path):
                try form.appendFile(at: path, name: field, filename: filename, contentType: format.mimeType)
            }
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
            let response = try await send(
                method: "POST", path: configuration.paths.upload, body: .multipart(form),
                contentType: form.contentType)
            outcome = result(of: response)
        } catch {
            if let quotaStore, let reservation {
                let sent = (error as? ProfileUploadError)?.requestMayHaveBeenSent ?? false
                try? await quotaStore.finish(reservation, outcome: sent ? .unanswered : .released)
            }
            throw error
        }
        if let quotaStore, let reservation {
            let quotaOutcome: QuotaOutcome =
                switch outcome {
                case .success: .succeeded
                case .throttled(let throttle): .throttled(message: throttle.message, retryAfter: throttle.retryAfter)
                default: .released
                }
            do {
                try await quotaStore.finish(reservation, outcome: quotaOutcome)
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

    private func validate(_ file: UploadFile, field: String) throws -> ImageFormat {
        do {
            return try ImageDecoder(options: configuration.validation).validate(try file.contents()).format
        } catch let error as ProfileImageError {
            throw ProfileUploadError(code: .invalidImage, message: "\(field): \(error.message) (\(error.code): \(error.reason))")
        }
    }
}
