import AtelierKit

extension EventEnvelope {
    /// The envelope as the JSON tree its `Codable` conformance gives (what the store keeps),
    /// built directly for the events sessions log most: activity events and acknowledgements.
    public func tree() throws -> JSONValue {
        let fact: JSONValue
        switch event {
        case .activity(let step, let payload):
            fact = .object(["activity": .object(["step": .int(step), "event": payload])])
        case .commandAcknowledged:
            fact = .object(["commandAcknowledged": .object([:])])
        default:
            fact = try JSONValueEncoder().encode(event)
        }
        var object: [String: JSONValue] = ["seq": .int(seq), "at": .int(Int(at)), "event": fact]
        if let actor { object["actor"] = .string(actor.rawValue) }
        if let commandID { object["command"] = .string(commandID) }
        return .object(object)
    }

    /// `JSONWriter.bytes(tree())`, written directly for the events sessions log most (what
    /// every command's commit encodes): the members in key order (actor, at, command,
    /// event, seq) without building and sorting the outer objects.
    public func encoded() throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        bytes.append(UInt8(ascii: "{"))
        if let actor {
            bytes.append(contentsOf: #""actor":"#.utf8)
            JSONWriter.writeString(actor.rawValue, into: &bytes)
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(contentsOf: #""at":"#.utf8)
        JSONWriter.writeInteger(Int(at), into: &bytes)
        if let commandID {
            bytes.append(contentsOf: #","command":"#.utf8)
            JSONWriter.writeString(commandID, into: &bytes)
        }
        bytes.append(contentsOf: #","event":"#.utf8)
        switch event {
        case .activity(let step, let payload):
            bytes.append(contentsOf: #"{"activity":{"event":"#.utf8)
            JSONWriter.write(payload, into: &bytes)
            bytes.append(contentsOf: #","step":"#.utf8)
            JSONWriter.writeInteger(step, into: &bytes)
            bytes.append(contentsOf: "}}".utf8)
        case .commandAcknowledged:
            bytes.append(contentsOf: #"{"commandAcknowledged":{}}"#.utf8)
        default:
            JSONWriter.write(try JSONValueEncoder().encode(event), into: &bytes)
        }
        bytes.append(contentsOf: #","seq":"#.utf8)
        JSONWriter.writeInteger(seq, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
