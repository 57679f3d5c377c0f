import AtelierKit

/// Erasing one person's personal data from a log on request, keeping it replayable.
extension SessionEngine {
    /// The pseudonym that replaces a member's display name: "Participant 3" for a guest
    /// (`p3`), and for a cohort's member (`m3`) the one their cohort gives them ("Membre 3",
    /// "Member 3" in an English session).
    public static func pseudonym(for id: ParticipantID, locale: String = "fr") -> String {
        if id.rawValue.hasPrefix("m") { return (locale == "en" ? "Member " : "Membre ") + id.rawValue.dropFirst() }
        return "Participant \(id.rawValue.drop { $0 == "p" })"
    }

    /// The log with `participant`'s name replaced by a pseudonym and, with `removeTexts`,
    /// their free texts removed by each activity. Seqs, ids and structure are unchanged.
    /// Throws when an activity's event cannot be read or written back (nothing is erased
    /// then, rather than the texts silently kept).
    public func erase(_ participant: ParticipantID, from log: [EventEnvelope], removeTexts: Bool) throws
        -> [EventEnvelope]
    {
        var stepActivities: [String] = []
        var locale = "fr"
        return try log.map { envelope in
            switch envelope.event {
            case .sessionCreated(let setup):
                stepActivities = setup.agenda.map(\.activity)
                locale = setup.locale
                return envelope
            case .participantJoined(let id, _, let role, let tokenHash) where id == participant:
                return envelope.replacing(
                    .participantJoined(id: id, name: Self.pseudonym(for: id, locale: locale), role: role, tokenHash: tokenHash))
            case .activity(let step, let event) where removeTexts:
                guard stepActivities.indices.contains(step), let driver = registry.driver(stepActivities[step]) else {
                    return envelope
                }
                return envelope.replacing(.activity(step: step, event: try driver.eraseTexts(participant, event, envelope.actor)))
            default:
                return envelope
            }
        }
    }
}

extension EventEnvelope {
    /// The same envelope around another event.
    func replacing(_ event: SessionEvent) -> EventEnvelope {
        EventEnvelope(seq: seq, at: at, actor: actor, commandID: commandID, event: event)
    }
}
