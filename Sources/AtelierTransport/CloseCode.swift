/// WebSocket close codes the transport sends (RFC 6455 §7.4.1), with the reasons it gives.
public struct CloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric close code.
    public let rawValue: UInt16

    /// Wraps a numeric close code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the conversation is over.
    public static let normal = CloseCode(rawValue: 1000)
    /// 1001: the server is shutting down.
    public static let goingAway = CloseCode(rawValue: 1001)
    /// 1002: the client broke the protocol (for us: it offered no `atelier.v1` subprotocol).
    public static let protocolError = CloseCode(rawValue: 1002)
    /// 1003: a binary frame on a text-only protocol.
    public static let unsupportedData = CloseCode(rawValue: 1003)
    /// 1005: the peer closed without giving a code.
    public static let noStatus = CloseCode(rawValue: 1005)
    /// 1006: the TCP connection ended without a closing handshake.
    public static let abnormal = CloseCode(rawValue: 1006)
    /// 1007: a text message that is not valid UTF-8.
    public static let invalidPayload = CloseCode(rawValue: 1007)
    /// 1008: a policy was broken (for us: the outbound queue limit of a slow consumer).
    public static let policyViolation = CloseCode(rawValue: 1008)
    /// 1009: a message larger than the configured maximum.
    public static let messageTooBig = CloseCode(rawValue: 1009)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = CloseCode(rawValue: 1011)

    public var description: String { String(rawValue) }

    /// A bounded label for metrics: the code itself when it is a standard one, else "other".
    public var metricLabel: String {
        switch rawValue {
        case 1000...1015, 4000...4099: String(rawValue)
        default: "other"
        }
    }
}
