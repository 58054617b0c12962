import ArgumentParser
import ProfileImageBatch

/// The exit statuses of every command, documented in `--help`.
enum ExitStatus {
    static let success: Int32 = 0
    /// Some inputs invalid or failed; the others were done.
    static let someFailed: Int32 = 1
    /// Command-line usage error.
    static let usage: Int32 = 2
    /// The image is not an intact image of an accepted format (nothing was sent).
    static let invalidImage: Int32 = 3
    /// The server rejected the request (400).
    static let rejected: Int32 = 4
    /// Missing or wrong credentials (401).
    static let unauthorized: Int32 = 5
    /// The daily quota is spent (429, or known from the quota store); the wait is printed.
    static let quotaExhausted: Int32 = 6
    /// Network failure or server error, after retries.
    static let network: Int32 = 7

    static let help = """
        EXIT STATUS
          0  success
          1  some inputs invalid or failed (the others were done)
          2  usage error
          3  invalid image: damaged or of no accepted format (nothing was sent)
          4  rejected by the server (400)
          5  unauthorised: missing or wrong credentials (401)
          6  daily quota exhausted (429, or known from the quota store); wait printed
          7  network failure or server error, after retries
        """

    /// The status for one upload's outcome.
    static func of(_ status: UploadRecord.Status) -> Int32 {
        switch status {
        case .uploaded: success
        case .invalid: invalidImage
        case .rejected: rejected
        case .unauthorized: unauthorized
        case .throttled: quotaExhausted
        case .network, .unreachable: network
        case .error: someFailed
        }
    }
}
