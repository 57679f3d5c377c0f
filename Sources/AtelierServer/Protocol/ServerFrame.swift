import AtelierEngine
import AtelierKit

/// The `atelier.v1` messages the server sends, encoded once and shared as bytes.
enum ServerFrame {
    static func welcome(session: String, participant: ParticipantID, role: Role, token: String?, epoch: Int) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": "welcome", "session": .string(session), "participant": .string(participant.rawValue),
            "role": .string(role.rawValue), "epoch": .int(epoch),
        ]
        if let token { object["token"] = .string(token) }
        return .object(object)
    }

    static func snapshot(seq: Int, epoch: Int, view: JSONValue) -> JSONValue {
        ["type": "snapshot", "seq": .int(seq), "epoch": .int(epoch), "view": view]
    }

    static func patch(seq: Int, patch: JSONValue) -> JSONValue {
        ["type": "patch", "seq": .int(seq), "patch": patch]
    }

    /// The end of a resume's answer: the client's view is now the session's view at `seq`.
    /// `mode` says how it got there: `patches` (exactly the missed ones) or `snapshot`.
    static func resumed(seq: Int, mode: String) -> JSONValue {
        ["type": "resumed", "seq": .int(seq), "mode": .string(mode)]
    }

    /// An ack's bytes, written directly (`{"duplicate":true,"id":…,"seq":…,"type":"ack"}`, keys
    /// sorted like every other frame): the most frequent frame skips building and sorting a
    /// tree (tested against the tree encoding).
    static func ack(commandID: String, seq: Int, duplicate: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48 + commandID.utf8.count)
        bytes.append(contentsOf: (duplicate ? #"{"duplicate":true,"id":"# : #"{"id":"#).utf8)
        JSONWriter.writeString(commandID, into: &bytes)
        bytes.append(contentsOf: #","seq":"#.utf8)
        JSONWriter.writeInteger(seq, into: &bytes)
        bytes.append(contentsOf: #","type":"ack"}"#.utf8)
        return bytes
    }

    static func error(_ rejection: Rejection, commandID: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": "error", "code": .string(rejection.code.rawValue), "message": .string(rejection.message),
        ]
        if let commandID { object["id"] = .string(commandID) }
        if let reason = rejection.reason { object["reason"] = .string(reason) }
        if let params = rejection.params { object["params"] = .object(params.mapValues { .string($0) }) }
        return .object(object)
    }

    static let pong: JSONValue = ["type": "pong"]
}
