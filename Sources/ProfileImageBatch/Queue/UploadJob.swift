import Foundation
import ProfileImage
import ProfileUpload

/// One row of `profile-image upload-batch`, as a ``WorkQueue`` job: the photo (absolute), where
/// the account's secrets are (never the secrets), the options and the API's settings.
public struct UploadJob: Codable, Sendable, Hashable {
    /// The photo, absolute.
    public var image: String
    /// The manifest's line, for messages.
    public var line: Int
    /// Where the secrets are.
    public var credentials: CredentialSource
    /// How the two files are made.
    public var settings: PipelineSettings
    /// Where and how they are sent.
    public var client: UploadClientSettings

    /// Creates a job.
    public init(
        image: String, line: Int, credentials: CredentialSource, settings: PipelineSettings,
        client: UploadClientSettings
    ) {
        self.image = image
        self.line = line
        self.credentials = credentials
        self.settings = settings
        self.client = client
    }

    /// One job per row of `manifest`. A row whose secrets are named by no usable source becomes
    /// no job: it is returned with why, for the caller to report. The key is the job's JSON and
    /// the photo's size and modification time (not the line: the same photo for the same
    /// account is the same work wherever its row is).
    public static func plan(
        _ manifest: UploadManifest, settings: PipelineSettings, client: UploadClientSettings
    ) throws -> (jobs: [QueueJob], refused: [(row: UploadManifest.Row, reason: String)]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var jobs: [QueueJob] = []
        var refused: [(row: UploadManifest.Row, reason: String)] = []
        for row in manifest.rows {
            guard let source = row.source else {
                if case .failure(let error) = row.credentials { refused.append((row, error.message)) }
                continue
            }
            let job = UploadJob(
                image: ProcessJob.absolute(row.imagePath), line: row.line, credentials: source, settings: settings,
                client: client)
            let payload = String(decoding: try encoder.encode(job), as: UTF8.self)
            // The line is left out of the key: the same photo for the same account is the same
            // work wherever its row now is.
            var unplaced = job
            unplaced.line = 0
            let identity = String(decoding: try encoder.encode(unplaced), as: UTF8.self)
            jobs.append(
                QueueJob(
                    kind: .upload, key: "upload:" + ContentHash.hex(identity + "|" + ProcessJob.fileStamp(job.image)),
                    input: job.image, payload: payload))
        }
        return (jobs, refused)
    }
}
