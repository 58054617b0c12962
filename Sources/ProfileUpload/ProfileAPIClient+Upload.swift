import ProfileImage

extension ProfileAPIClient {
    /// `POST {base}/user/profile/profile-image/` with `image` and `cropped_image`.
    ///
    /// Both files are fully validated first: a corrupt file costs no request and no quota, and
    /// throws ``ProfileUploadError/Code/invalidImage`` with the API's own message. Then the quota
    /// ledger is asked for a slot; a known-spent account gets ``ProfileAPIResult/throttled(_:)``
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
        var reservation: Int64?
        if let ledger {
            switch try ledger.reserve(account: account, configuredLimit: configuration.dailyLimit) {
            case .blocked(let message, let secondsLeft):
                logger.info("quota spent; no request sent", metadata: ["account": "\(account.prefix(12))"])
                return .throttled(.init(message: message, retryAfter: secondsLeft, decidedLocally: true))
            case .granted(let id):
                reservation = id
            }
        }
        let outcome: ProfileAPIResult
        do {
            let response = try await send(
                method: "POST", path: "/user/profile/profile-image/", body: .multipart(form),
                contentType: form.contentType)
            outcome = result(of: response)
        } catch {
            if let ledger, let reservation { try? ledger.finish(reservation, account: account, outcome: .released) }
            throw error
        }
        if let ledger, let reservation {
            switch outcome {
            case .success:
                try ledger.finish(reservation, account: account, outcome: .succeeded)
            case .throttled(let throttle):
                try ledger.finish(
                    reservation, account: account,
                    outcome: .throttled(message: throttle.message, retryAfter: throttle.retryAfter))
            default:
                try ledger.finish(reservation, account: account, outcome: .released)
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
