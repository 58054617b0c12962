import PostgresNIO

/// PostgreSQL errors as text a person may read in a log or an error: the server's own message, or
/// the connection error, never the query's parameters or the connection's secrets. Shared by the
/// drivers that talk to PostgreSQL (the quota store, the work queue).
public enum PostgresErrorText {
    /// What went wrong in `error`.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "PostgreSQL: \(message)\(code)"
        }
        if let underlying = error.underlying { return "cannot connect: \(underlying)" }
        return "PostgreSQL error \(error.code)"
    }
}
