/// Identifies a participant within a session; assigned by the shell, never by a client.
public struct ParticipantID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id's text ("p7").
    public let rawValue: String

    /// Wraps an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a person may do in a session.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// The lead facilitator: runs the session, promotes co-facilitators, hands over.
    case facilitator
    /// Runs the session alongside the lead (everything but promotions and hand-over).
    case cofacilitator
    /// Takes part.
    case participant
    /// Watches, read-only.
    case observer

    /// Whether this role drives the session (agenda, timers, moderation).
    public var facilitates: Bool { self == .facilitator || self == .cofacilitator }

    /// The audience whose view this role sees.
    public var audience: Audience {
        switch self {
        case .facilitator, .cofacilitator: .facilitator
        case .participant: .participant
        case .observer: .observer
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A group that sees the same shared view of a session.
public enum Audience: String, Sendable, Codable, CaseIterable, Hashable {
    /// Facilitators and co-facilitators: everything.
    case facilitator
    /// Participants: what the activity shows to those taking part.
    case participant
    /// Observers: read-only, often less than participants (no secret parts, ever).
    case observer
}
