import AtelierTransport

/// Where a session host's answers go: frames to connections, and closes. The transport
/// implements it; host tests record it instead, with no sockets.
protocol SessionOutbound: Sendable {
    /// Queues one text frame holding `bytes` for each of `connections` (one copy, shared).
    func send(_ bytes: [UInt8], to connections: [ConnectionID])
    /// Queues one text frame holding `bytes` for `connection`.
    func send(_ bytes: [UInt8], to connection: ConnectionID)
    /// Closes `connection` with `code` and a short `reason`.
    func close(_ connection: ConnectionID, code: CloseCode, reason: String)
}

extension WebSocketServer: SessionOutbound {
    func send(_ bytes: [UInt8], to connections: [ConnectionID]) {
        if connections.count == 1 {
            send(OutboundFrame(bytes: bytes), to: connections[0])
        } else {
            send(OutboundFrame(bytes: bytes), to: connections)
        }
    }

    func send(_ bytes: [UInt8], to connection: ConnectionID) {
        send(OutboundFrame(bytes: bytes), to: connection)
    }
}
