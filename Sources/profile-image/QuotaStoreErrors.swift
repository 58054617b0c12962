import ArgumentParser
import Foundation
import ProfileUpload

/// A quota store that cannot be opened or used: its message on stderr, exit status 1.
enum QuotaStoreErrors {
    static func reporting<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as ProfileUploadError where error.code == .quotaStore {
            FileHandle.standardError.write(Data("\(error.message)\n".utf8))
            throw ExitCode(ExitStatus.someFailed)
        }
    }
}
