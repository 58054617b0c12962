import ProfileImage

extension ProfileMetrics {
    /// Records an upload the API (or the quota store) answered.
    func recordUpload(_ result: ProfileAPIResult, after duration: Duration) {
        let (outcome, code): (String, String) =
            switch result {
            case .success: ("success", "200")
            case .validationFailed: ("validation_failed", "400")
            case .unauthorized: ("unauthorized", "401")
            case .throttled(let throttle): ("throttled", throttle.decidedLocally ? "store" : "429")
            case .serverError(let status, _): ("server_error", String(status))
            }
        record(Name.upload, duration, [("outcome", outcome)])
        increment(Name.uploads, [("outcome", outcome), ("code", code)])
        if case .throttled(let throttle) = result {
            increment(Name.quotaRefusals, [("decided_by", throttle.decidedLocally ? "store" : "server")])
        }
    }

    /// Records an upload that ended in an error: counted by the error's code.
    func recordUpload(failure error: any Error, after duration: Duration) {
        let code =
            switch error {
            case let error as ProfileUploadError: error.code.rawValue
            case let error as ProfileImageError: error.code.rawValue
            case is CancellationError: "cancelled"
            default: "other"
            }
        record(Name.upload, duration, [("outcome", "failed")])
        increment(Name.uploads, [("outcome", "failed"), ("code", code)])
    }
}
