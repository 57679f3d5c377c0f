/// Identifies one client connection (WebSocket or HTTP exchange) for its whole life.
///
/// Ids are assigned by the transport, never reused within a process, and are the only
/// way code outside the service thread refers to a connection.
public struct ConnectionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The raw, process-unique number.
    public let rawValue: UInt64

    /// Wraps a raw id.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public var description: String { "c\(rawValue)" }

    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }
}
