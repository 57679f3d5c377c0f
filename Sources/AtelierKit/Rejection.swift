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

/// Why an intent was refused: a stable code, a readable English message, and optionally a
/// stable `reason` key with string `params` that clients translate into a sentence saying
/// what happened and what to do (docs/protocol.md, "Errors").
public struct Rejection: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The stable code.
    public let code: ErrorCode
    /// A readable message (English; clients translate by `reason`, else by code).
    public let message: String
    /// A stable key naming the situation (`agenda.last-step`; an activity's reasons are
    /// prefixed with its id by the engine: `peer-consultation.phase-over`), or nil.
    public let reason: String?
    /// Values the reason's sentence may use (`{"cardKind": "question"}`); nil when none.
    public let params: [String: String]?

    /// Creates a rejection.
    public init(_ code: ErrorCode, _ message: String, reason: String? = nil, params: [String: String]? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
        self.params = params?.isEmpty == true ? nil : params
    }

    public var description: String { "\(code.rawValue): \(message)" + (reason.map { " [\($0)]" } ?? "") }

    /// The same refusal with a stable reason key and its parameters, for clients to translate.
    public func because(_ reason: String, _ params: [String: String] = [:]) -> Rejection {
        Rejection(code, message, reason: reason, params: params)
    }

    /// The same refusal with its reason put under `namespace` (`phase-over` → `vote.phase-over`).
    public func namespaced(_ namespace: String) -> Rejection {
        guard let reason, !reason.hasPrefix(namespace + ".") else { return self }
        return Rejection(code, message, reason: "\(namespace).\(reason)", params: params)
    }

    /// The role may not do this.
    public static func forbidden(_ message: String) -> Rejection { Rejection(.forbidden, message) }
    /// Not possible in the current state.
    public static func invalidState(_ message: String) -> Rejection { Rejection(.invalidState, message) }
    /// Malformed or invalid values.
    public static func badRequest(_ message: String) -> Rejection { Rejection(.badRequest, message) }
}
