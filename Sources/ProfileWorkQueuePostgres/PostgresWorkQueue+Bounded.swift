import Logging
import PostgresNIO
import ProfileImageBatch
import ProfileQuotaPostgres
import ProfileUpload

extension PostgresWorkQueue {
    /// How long one call may take, waiting for a connection included.
    static let callTimeout: Duration = .seconds(15)

    /// Runs `body` with the pool, within ``callTimeout``: a database that is down must not hold
    /// a worker forever (the pool waits for a connection while it retries), and its error names
    /// the queue (password hidden), never a query's parameters.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    func bounded<Result: Sendable>(_ body: @escaping @Sendable (PostgresClient, Logger) async throws -> Result)
        async throws
        -> Result
    {
        let (client, logger, location) = (self.client, self.logger, self.location)
        let limit = Self.callTimeout
        return try await Deadline.run(
            within: limit,
            timedOut: {
                BatchError(code: .queueUnavailable, message: "Work queue \(location): no answer within \(limit)")
            }
        ) {
            do {
                return try await body(client, logger)
            } catch let error as BatchError {
                throw error
            } catch {
                throw BatchError(
                    code: .queueUnavailable, message: "Work queue \(location): \(PostgresErrorText.describe(error))")
            }
        }
    }
}
