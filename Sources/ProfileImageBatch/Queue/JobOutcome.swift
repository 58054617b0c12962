import Foundation

/// What became of a claimed job, recorded by ``WorkQueue/finish(_:outcome:)`` in the transaction
/// that ends the claim.
public enum JobOutcome: Sendable, Hashable {
    /// The work is done; `record` is its report line (``ProcessRecord/jsonLine`` or
    /// ``UploadRecord/jsonLine``).
    case done(record: String)
    /// The work failed for good: `code` is stable (``ProfileImage/ProfileImageError/Code``
    /// spellings, `writeFailed`, `rejected`, ...), `record` its report line.
    case failed(code: String, message: String, record: String)
    /// The attempt failed for a reason worth trying again (I/O, a 5xx, the network): the job is
    /// claimable again `after` from now. The attempt counts towards the limit.
    case retry(code: String, message: String, after: Duration)
    /// The account is spent: the job waits (state waiting for quota) until `until`, when the
    /// quota frees. Not an attempt.
    case waitForQuota(until: Date, message: String)
    /// The job was not tried (the API is unreachable): claimable again `after` from now. Not an
    /// attempt.
    case release(after: Duration, message: String)
}
