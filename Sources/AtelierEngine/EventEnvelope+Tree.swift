import AtelierKit

extension EventEnvelope {
    /// The envelope as the JSON tree its `Codable` conformance gives (what the store keeps),
    /// built directly for the events sessions log most: activity events and acknowledgements.
    public var tree: JSONValue {
        let fact: JSONValue
        switch event {
        case .activity(let step, let payload):
            fact = .object(["activity": .object(["step": .int(step), "event": payload])])
        case .commandAcknowledged:
            fact = .object(["commandAcknowledged": .object([:])])
        default:
            fact = (try? JSONValueEncoder().encode(event)) ?? .null
        }
        var object: [String: JSONValue] = ["seq": .int(seq), "at": .int(Int(at)), "event": fact]
        if let actor { object["actor"] = .string(actor.rawValue) }
        if let command { object["command"] = .string(command) }
        return .object(object)
    }
}
