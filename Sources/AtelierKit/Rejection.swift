/// The stable error codes a client may receive; clients translate them.
public enum ErrorCode: String, Sendable, Codable, CaseIterable {
    /// The message is malformed or its values are invalid.
    case badRequest = "bad_request"
    /// No valid identity: join, facilitate or resume first, or the credential is wrong.
    case unauthorized
    /// The role may not do this.
    case forbidden
    /// The session, participant, step or item does not exist.
    case notFound = "not_found"
    /// It clashes with the current state (already done, duplicate).
    case conflict
    /// A message, text or collection is larger than allowed.
    case tooLarge = "too_large"
    /// Too many messages or joins; slow down.
    case rateLimited = "rate_limited"
    /// Not possible at this step, phase or timer state.
    case invalidState = "invalid_state"
    /// The session cannot be served now: its stored data is damaged and set aside until an
    /// operator repairs it.
    case unavailable
    /// The server failed; nothing was changed.
    case `internal`
}

/// Why an intent was refused: a stable code and a readable English message.
public struct Rejection: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The stable code.
    public let code: ErrorCode
    /// A readable message (English; clients translate by code).
    public let message: String

    /// Creates a rejection.
    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The role may not do this.
    public static func forbidden(_ message: String) -> Rejection { Rejection(.forbidden, message) }
    /// Not possible in the current state.
    public static func invalidState(_ message: String) -> Rejection { Rejection(.invalidState, message) }
    /// Malformed or invalid values.
    public static func badRequest(_ message: String) -> Rejection { Rejection(.badRequest, message) }
}
