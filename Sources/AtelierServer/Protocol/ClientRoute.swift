import AtelierEngine
import AtelierKit

/// Where a client's message goes: the one place messages are dispatched, for connections
/// already bound to a session (their host answers, in turn) and for those not yet bound
/// (the gateway answers, or binds them).
enum ClientRoute: Equatable {
    /// Answer with this error (with the command id when one was read).
    case refuse(Rejection, commandID: String?)
    /// Answer a ping (a bound connection's after the answers still due to it).
    case pong
    /// Run a member's command (bound connections only).
    case command(SessionCommand, commandID: String)
    /// Join, facilitate or resume: bind the connection (unbound connections only).
    case bind(ClientMessage)

    /// The refusal of a command on a connection that is not bound yet.
    static let unbound = Rejection(.unauthorized, "join, facilitate or resume first")

    /// Reads `bytes` from a connection that is `bound` to a member, or not.
    static func route(_ bytes: [UInt8], bound: Bool) -> ClientRoute {
        switch ClientMessage.parse(bytes) {
        case .failure(let failure):
            return .refuse(failure.rejection, commandID: failure.commandID)
        case .success(.ping):
            return .pong
        case .success(.command(let commandID, let command)):
            return bound ? .command(command, commandID: commandID) : .refuse(unbound, commandID: commandID)
        case .success(let binding):  // join, enter, facilitate, resume
            return bound ? .refuse(ClientMessage.alreadyBound, commandID: nil) : .bind(binding)
        }
    }
}
