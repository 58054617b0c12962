import ArgumentParser
import ProfileImageBatch

/// Where the quota store is: shared by every command that reads or spends quota.
struct QuotaStoreArguments: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The quota store: sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE "
                + "(default: $PROFILE_IMAGE_QUOTA_STORE, else sqlite:~/.local/state/profile-image/quota.sqlite).",
            valueName: "url"))
    var quotaStore: String?

    @Option(help: ArgumentHelp("The SQLite quota store at this path (the same as --quota-store sqlite:PATH).", valueName: "path"))
    var ledger: String?

    func validate() throws {
        if quotaStore != nil && ledger != nil { throw ValidationError("give --quota-store or --ledger, not both") }
        _ = try location()
    }

    /// The store named by the options, else the environment, else the default SQLite file.
    func location() throws -> QuotaStoreLocation {
        do {
            if let ledger { return .sqlite(path: ledger) }
            if let quotaStore { return try QuotaStoreLocation(parsing: quotaStore) }
            return try QuotaStoreLocation.fromEnvironment()
        } catch let error as BatchError {
            throw ValidationError(error.message)
        }
    }
}
