import Foundation
import Logging

/// A WebSocket and HTTP server on libwebsockets, serviced by one dedicated thread.
///
/// It knows bytes and connections, nothing about sessions. Inbound traffic arrives on
/// `events`; outbound frames can be sent from any thread or task. A broadcast hands the
/// same `OutboundFrame` to every recipient, so the payload is never copied per connection.
///
/// ```swift
/// let server = WebSocketServer(configuration: config, logger: logger) { request in
///     .text("not found", status: 404)
/// }
/// let port = try server.start()
/// for await event in server.events {
///     if case .message(let id, let message) = event {
///         server.send(OutboundFrame(bytes: message.bytes), to: id)   // echo
///     }
/// }
/// ```
public final class WebSocketServer: Sendable {
    private let service: LWSService

    /// The configuration the server runs with.
    public var configuration: TransportConfiguration { service.configuration }

    /// Connections opening, messages arriving, connections closing; finishes after shutdown.
    public var events: AsyncStream<TransportEvent> { service.events }

    /// Delivers the events to `handler` instead of `events` (which then only finishes
    /// after shutdown), in the same order, on the service thread: no task or thread hop
    /// between a socket and its consumer. The handler must return quickly and never
    /// block (hand longer work to a task or a queue). Call it before `start()`.
    public func handleEvents(_ handler: @escaping @Sendable (TransportEvent) -> Void) {
        service.handleEvents(handler)
    }

    /// Creates a server; nothing listens until `start()`.
    public init(
        configuration: TransportConfiguration, logger: Logger,
        httpResponder: @escaping HTTPResponder = { _ in .text("Not Found", status: 404) }
    ) {
        service = LWSService(configuration: configuration, logger: logger, responder: httpResponder)
    }

    /// Starts listening on the service thread and returns the bound port.
    public func start() throws -> Int { try service.start() }

    /// The number of open WebSockets.
    public var openConnectionCount: Int { service.openCount.load(ordering: .relaxed) }

    /// Queues a frame for one connection (dropped if it is gone).
    public func send(_ frame: OutboundFrame, to id: ConnectionID) {
        service.enqueue(.send(frame, id))
    }

    /// Queues the same frame for several connections.
    public func send(_ frame: OutboundFrame, to ids: [ConnectionID]) {
        guard !ids.isEmpty else { return }
        service.enqueue(.sendMany(frame, ids))
    }

    /// Queues the same frame for every open WebSocket.
    public func broadcast(_ frame: OutboundFrame) {
        service.enqueue(.broadcast(frame))
    }

    /// Closes a connection with a code and a short reason (at most 123 bytes are sent).
    public func close(_ id: ConnectionID, code: CloseCode, reason: String) {
        service.enqueue(.close(id, code, reason))
    }

    /// Stops accepting, closes every WebSocket with 1001 and stops the service thread,
    /// waiting at most `timeout` for clients to acknowledge.
    public func shutdown(timeout: Duration = .milliseconds(1500)) async {
        let nanos = UInt64(timeout.components.seconds) * 1_000_000_000
            + UInt64(timeout.components.attoseconds / 1_000_000_000)
        service.enqueue(.shutdown(deadline: DispatchTime.now().uptimeNanoseconds + nanos))
        // lws_service sleeps until an event; keep poking it so the deadline is honoured.
        while !service.isFinished {
            service.wake()
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
