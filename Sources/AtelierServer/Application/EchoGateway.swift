import AtelierTransport

/// `atelier echo`: sends every message back to its sender, or with `relay` to everyone.
struct EchoGateway: Sendable {
    let server: WebSocketServer
    let relay: Bool

    func run() async {
        for await event in server.events {
            guard case .message(let id, let message) = event else { continue }
            let frame = OutboundFrame(bytes: message.bytes, isBinary: message.isBinary)
            if relay { server.broadcast(frame) } else { server.send(frame, to: id) }
        }
    }
}
