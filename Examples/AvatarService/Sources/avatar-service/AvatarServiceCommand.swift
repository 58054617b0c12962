import AvatarService
import Foundation
import Logging
import Metrics
import Prometheus

/// `avatar-service [--host H] [--port N]`: the example upload service, configured by the
/// environment (see ``AvatarServiceConfiguration``).
@main
struct AvatarServiceCommand {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        func value(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), arguments.index(after: index) < arguments.endIndex else {
                return nil
            }
            return arguments[arguments.index(after: index)]
        }
        var logger = Logger(label: "AvatarService")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        guard let port = Int(value("--port") ?? "8090"), (0...65_535).contains(port) else {
            logger.critical("--port must be 0...65535")
            exit(2)
        }
        let host = value("--host") ?? "127.0.0.1"
        do {
            let configuration = try AvatarServiceConfiguration()
            // The library's metrics and Hummingbird's go to one registry, which /metrics shows.
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            let service = AvatarService(configuration: configuration, registry: registry, logger: logger)
            try await service.run(host: host, port: port) { bound in
                // Straight to the descriptor: a script waiting for this line must see it now.
                FileHandle.standardOutput.write(Data("Avatar service on http://\(host):\(bound)/\n".utf8))
            }
        } catch let error as AvatarServiceError {
            logger.critical("\(error.message)")
            exit(2)
        } catch {
            logger.critical("the service stopped: \(error)")
            exit(1)
        }
    }
}
