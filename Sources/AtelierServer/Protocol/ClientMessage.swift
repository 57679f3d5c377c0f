import AtelierEngine
import AtelierKit

/// The `atelier.v1` messages a client may send, parsed strictly.
enum ClientMessage: Equatable {
    /// Join a session as a participant or observer.
    case join(code: String, name: String, observer: Bool)
    /// Join a session as facilitator, with a trainer token or a facilitator invite.
    case facilitate(session: String, trainerToken: String?, invite: String?, name: String)
    /// A cohort member enters a session of their cohort with their personal link's key.
    case enter(code: String, key: String)
    /// Reconnect as a known member.
    case resume(session: String, participant: ParticipantID, token: String, epoch: Int, seq: Int)
    /// Ask something of the session.
    case command(commandID: String, intent: SessionCommand)
    /// Keep-alive at the application level.
    case ping

    /// Longest client command id.
    static let maxCommandID = 64
    /// Longest secret accepted (tokens, invites).
    static let maxSecret = 256

    /// The refusal of a join, facilitate or resume on a connection that already belongs to a session.
    static let alreadyBound = Rejection(.conflict, "this connection already belongs to a session")

    /// Deepest nesting accepted: the parser stops at it, so a hostile document costs no
    /// more than its first 32 levels.
    static let maxDepth = 32
    private static let parser = JSONParser(maxDepth: maxDepth)

    /// Parses one frame's text, or says what is wrong (with the command id when known).
    static func parse(_ bytes: [UInt8]) -> Result<ClientMessage, ProtocolFailure> {
        let json: JSONValue
        do {
            json = try parser.parse(bytes)
        } catch {
            let problem = error.isTooDeep ? "a message may nest at most \(maxDepth) levels" : "a message must be a JSON object"
            return .failure(ProtocolFailure(.badRequest(problem)))
        }
        guard let object = json.objectValue else {
            return .failure(ProtocolFailure(.badRequest("a message must be a JSON object")))
        }
        guard let type = object["type"]?.stringValue else {
            return .failure(ProtocolFailure(.badRequest("a message needs a string \"type\"")))
        }
        func text(_ key: String, max: Int) -> String? {
            guard let value = object[key]?.stringValue, value.count <= max else { return nil }
            return value
        }
        func fail(_ message: String, _ code: ErrorCode = .badRequest) -> Result<ClientMessage, ProtocolFailure> {
            .failure(ProtocolFailure(Rejection(code, message)))
        }
        /// An optional field: absent or null is nil; anything but a short enough string is malformed.
        func optionalText(_ key: String, max: Int) -> String?? {
            guard let value = object[key], value != .null else { return .some(nil) }
            guard let text = value.stringValue, text.count <= max else { return nil }
            return .some(text)
        }
        switch type {
        case "ping":
            return .success(.ping)
        case "join":
            guard let code = text("code", max: 32) else { return fail("join needs a string code") }
            guard let name = text("name", max: 1000) else { return fail("join needs a string name") }
            guard let given = optionalText("role", max: 16) else { return fail("join's role is participant or observer") }
            let role = given ?? "participant"
            guard role == "participant" || role == "observer" else {
                return fail("join's role is participant or observer")
            }
            return .success(.join(code: code, name: name, observer: role == "observer"))
        case "enter":
            guard let code = text("code", max: 32) else { return fail("enter needs a string code") }
            guard let key = text("key", max: maxSecret) else { return fail("enter needs a string key") }
            return .success(.enter(code: code, key: key))
        case "facilitate":
            guard let session = text("session", max: 64) else { return fail("facilitate needs a string session") }
            guard let token = optionalText("token", max: maxSecret), let invite = optionalText("invite", max: maxSecret)
            else { return fail("facilitate's token and invite are strings") }
            guard token != nil || invite != nil else { return fail("facilitate needs a token or an invite") }
            guard let name = optionalText("name", max: 1000) else { return fail("facilitate's name is a string") }
            return .success(.facilitate(session: session, trainerToken: token, invite: invite, name: name ?? ""))
        case "resume":
            guard let session = text("session", max: 64), let participant = text("participant", max: 64),
                let token = text("token", max: maxSecret)
            else { return fail("resume needs string session, participant and token") }
            guard let epoch = object["epoch"]?.intValue, let seq = object["seq"]?.intValue, seq >= 0 else {
                return fail("resume needs integer epoch and seq")
            }
            return .success(.resume(session: session, participant: ParticipantID(participant), token: token, epoch: epoch, seq: seq))
        case "command":
            guard let commandID = object["id"]?.stringValue, !commandID.isEmpty, commandID.count <= maxCommandID else {
                return fail("a command needs an id of 1 to \(maxCommandID) characters")
            }
            guard let intent = object["intent"] else {
                return .failure(ProtocolFailure(.badRequest("a command needs an intent"), commandID: commandID))
            }
            switch SessionCommand.parse(intent) {
            case .success(let command): return .success(.command(commandID: commandID, intent: command))
            case .failure(let rejection): return .failure(ProtocolFailure(rejection, commandID: commandID))
            }
        default:
            return fail("unknown message type \"\(type.prefix(40))\"")
        }
    }
}

/// A message that could not be read: why, and the command id when one was found.
struct ProtocolFailure: Error, Equatable {
    let rejection: Rejection
    let commandID: String?

    init(_ rejection: Rejection, commandID: String? = nil) {
        self.rejection = rejection
        self.commandID = commandID
    }
}
