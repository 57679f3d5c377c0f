/// Work handed from any thread to the libwebsockets service thread.
enum ServiceCommand {
    /// Queue a frame for one connection.
    case send(OutboundFrame, ConnectionID)
    /// Queue the same frame for several connections.
    case sendMany(OutboundFrame, [ConnectionID])
    /// Queue the same frame for every open WebSocket.
    case broadcast(OutboundFrame)
    /// Close a WebSocket with a code and a reason.
    case close(ConnectionID, CloseCode, String)
    /// Deliver the answer to an HTTP exchange.
    case respond(ConnectionID, HTTPResponse)
    /// Stop accepting, close every WebSocket with 1001, stop by the deadline (uptime ns).
    case shutdown(deadline: UInt64)
}
