/// A job to add to a ``WorkQueue``: one input of `process`, or one row of `upload-batch`.
public struct QueueJob: Sendable, Hashable {
    /// What a job does.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Make the two files of one photo under an output folder (``ProcessJob``).
        case process
        /// Make the two files of one photo and upload them for one account (``UploadJob``).
        case upload
    }

    /// What the job does.
    public var kind: Kind
    /// What makes the job the same work as another: a queue holds one job per key, so enqueuing
    /// the same work twice adds nothing.
    public var key: String
    /// The photo, for people (status, failures).
    public var input: String
    /// The job itself, as JSON (``ProcessJob`` or ``UploadJob``): never a secret.
    public var payload: String

    /// Creates a job.
    public init(kind: Kind, key: String, input: String, payload: String) {
        self.kind = kind
        self.key = key
        self.input = input
        self.payload = payload
    }
}
