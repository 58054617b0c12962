import Foundation
import PostgresNIO
import ProfileUpload

/// A PostgreSQL connection URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, as libpq and
/// most tools write it: `postgresql://` too, a percent-encoded user and password, `?sslmode=`
/// `disable`, `prefer` (the default) or `require`, and `?host=/run/postgresql` (a folder holding
/// the server's socket) for a Unix-domain socket. The password is never shown: ``redacted`` is
/// what messages carry.
public struct PostgresURL: Sendable, CustomStringConvertible, CustomReflectable {
    /// The server, user and database to connect to, for a pool.
    public let configuration: PostgresClient.Configuration
    /// The same, for one connection (a probe before a pool is started, say).
    public let connection: PostgresConnection.Configuration
    /// The URL with its password replaced by `***`, for messages and logs.
    public let redacted: String

    /// Parses `text`.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/invalidConfiguration``
    ///   for anything that is not such a URL; the message never holds the password.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["postgres", "postgresql"].contains(scheme)
        else {
            throw ProfileUploadError(
                code: .invalidConfiguration, message: "expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        var shown = components
        if shown.password != nil { shown.password = "***" }
        // libpq takes a password as a query parameter too.
        shown.queryItems = components.queryItems?.map { $0.name.lowercased() == "password" ? URLQueryItem(name: $0.name, value: "***") : $0 }
        let redacted = shown.string ?? "postgres://***"
        let user = components.percentEncodedUser?.removingPercentEncoding ?? NSUserName()
        let password = components.percentEncodedPassword?.removingPercentEncoding
            ?? components.queryItems?.last(where: { $0.name.lowercased() == "password" })?.value
        let database = String(components.path.drop(while: { $0 == "/" }))
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        var configuration: PostgresClient.Configuration
        var connection: PostgresConnection.Configuration
        let name = database.isEmpty ? nil : database
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let socket = socketFolder + "/.s.PGSQL.\(components.port ?? 5432)"
            configuration = .init(unixSocketPath: socket, username: user, password: password, database: name)
            connection = .init(unixSocketPath: socket, username: user, password: password, database: name)
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw ProfileUploadError(code: .invalidConfiguration, message: "\(redacted): no host")
            }
            let tls: PostgresClient.Configuration.TLS
            let connectionTLS: PostgresConnection.Configuration.TLS
            // As libpq reads sslmode: prefer and require encrypt without checking the certificate
            // (a stock Debian server's is self-signed), verify-ca checks the chain, verify-full
            // the host name too.
            var settings = TLSConfiguration.makeClientConfiguration()
            do {
                switch query["sslmode"] ?? "prefer" {
                case "disable":
                    (tls, connectionTLS) = (.disable, .disable)
                case "prefer", "allow":
                    settings.certificateVerification = .none
                    tls = .prefer(settings)
                    connectionTLS = .prefer(try NIOSSLContext(configuration: settings))
                case "require", "verify-ca", "verify-full":
                    let mode = query["sslmode"]
                    settings.certificateVerification =
                        mode == "require" ? .none : mode == "verify-ca" ? .noHostnameVerification : .fullVerification
                    tls = .require(settings)
                    connectionTLS = .require(try NIOSSLContext(configuration: settings))
                case let mode:
                    throw ProfileUploadError(code: .invalidConfiguration, message: "\(redacted): unknown sslmode \(mode)")
                }
            } catch let error as ProfileUploadError {
                throw error
            } catch {
                throw ProfileUploadError(code: .invalidConfiguration, message: "\(redacted): TLS: \(error)")
            }
            let port = components.port ?? 5432
            configuration = .init(host: host, port: port, username: user, password: password, database: name, tls: tls)
            connection = .init(host: host, port: port, username: user, password: password, database: name, tls: connectionTLS)
        }
        configuration.options.connectTimeout = .seconds(5)
        connection.options.connectTimeout = .seconds(5)
        self.configuration = configuration
        self.connection = connection
        self.redacted = redacted
    }

    /// ``redacted``.
    public var description: String { redacted }

    /// Only the redacted URL, for `dump` and debuggers: the configuration holds the password.
    public var customMirror: Mirror { Mirror(self, children: ["url": redacted], displayStyle: .struct) }
}
