/// What the transport tells the server: connections opening, messages, connections closing.
public enum TransportEvent: Sendable {
    /// A WebSocket completed its handshake.
    case connected(ConnectionInfo)
    /// A complete, size-checked message arrived (text is valid UTF-8).
    case message(ConnectionID, InboundMessage)
    /// A WebSocket is gone; `code` is the close code the peer or the server gave, if any.
    case closed(ConnectionID, CloseCode?)
}

/// Facts about a freshly opened WebSocket, read from its handshake.
public struct ConnectionInfo: Sendable, Equatable {
    /// The connection's id.
    public let id: ConnectionID
    /// The peer's address as text ("127.0.0.1").
    public let remoteAddress: String
    /// The `Origin` header, if the client sent one.
    public let origin: String?
    /// The negotiated subprotocol, or nil when the client offered none.
    public let subprotocol: String?
    /// The request path of the upgrade ("/ws").
    public let path: String
}

/// One reassembled WebSocket message.
public struct InboundMessage: Sendable, Equatable {
    /// The payload bytes.
    public let bytes: [UInt8]
    /// Whether it arrived as a binary message.
    public let isBinary: Bool

    /// Creates a message.
    public init(bytes: [UInt8], isBinary: Bool) {
        self.bytes = bytes
        self.isBinary = isBinary
    }

    /// The payload decoded as UTF-8 (text messages are validated by the transport).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
