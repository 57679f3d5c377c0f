import AtelierTransport
import Logging
import ServiceLifecycle

/// Runs a started transport under swift-service-lifecycle: consumes its events until a
/// graceful shutdown (SIGTERM/SIGINT), then closes every WebSocket with 1001 and stops.
public struct TransportService: Service {
    let server: WebSocketServer
    let consume: @Sendable () async -> Void

    init(server: WebSocketServer, consume: @escaping @Sendable () async -> Void) {
        self.server = server
        self.consume = consume
    }

    public func run() async throws {
        let server = self.server
        await withGracefulShutdownHandler {
            await consume()
        } onGracefulShutdown: {
            Task { await server.shutdown() }
        }
    }
}
