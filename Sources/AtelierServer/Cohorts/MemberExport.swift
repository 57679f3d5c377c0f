import AtelierCohort
import AtelierEngine
import AtelierKit

/// Everything Atelier holds about one cohort member, for them to download (`GET
/// /api/me/export`): who they are, what they proposed and reviewed, their action items,
/// their territory's record, and in each séance whether they came and what they wrote.
struct MemberExport: Encodable {
    struct Contribution: Encodable {
        let step: String
        let kind: String
        let text: String
        let detail: String
    }

    struct Seance: Encodable {
        let planned: String
        let title: String
        let date: String?
        let attended: Bool
        let contributions: [Contribution]
        /// Every event of the séance's log they caused, as stored (what they did and wrote,
        /// including as a co-client, whose texts the contributions credit to the client).
        let events: [JSONValue]
    }

    struct Subject: Encodable {
        let text: String
        let at: Int64
        let withdrawn: Bool
    }

    struct Review: Encodable {
        let key: String
        let status: String
        let note: String
        let at: Int64
    }

    let format = "atelier-member-export/1"
    let exportedAt: Int64
    let cohort: String
    let cohortName: String
    let me: CohortView.MemberView
    let territoryName: String?
    let subjects: [Subject]
    let actions: [CohortLedger.Item]
    let reviews: [Review]
    let territoryRecord: ExperienceRecord?
    let sheetsSharedWith: [String: String]
    let seances: [Seance]
}

extension MemberExport {
    /// What `id` wrote in a session, step by step.
    static func contributions(by id: ParticipantID, in state: SessionState, engine: SessionEngine) -> [Contribution] {
        engine.contributions(of: state).flatMap { step, contributions in
            contributions.filter { $0.author == id }.map {
                Contribution(step: "\(step + 1). \(state.setup.agenda[step].title)", kind: $0.kind, text: $0.text, detail: $0.detail)
            }
        }
    }
}

extension CohortRoutes {
    func export(_ member: Member, of cohort: Cohort, now: Int64) async -> MemberExport {
        var seances: [MemberExport.Seance] = []
        for planned in cohort.plan {
            guard let id = planned.sessionID, let state = await state(of: id) else { continue }
            let participant = ParticipantID(member.id)
            let stored = (try? await sessions.store.events(session: id, after: 0, limit: nil)) ?? []
            let events = stored.compactMap { event -> JSONValue? in
                guard let envelope = try? SessionCodec.decode(EventEnvelope.self, event.payload), envelope.actor == participant else {
                    return nil
                }
                return try? JSONParser().parse(event.payload)
            }
            seances.append(
                .init(
                    planned: planned.id, title: planned.title, date: planned.date, attended: state.members[participant] != nil,
                    contributions: MemberExport.contributions(by: participant, in: state, engine: sessions.engine), events: events))
        }
        return MemberExport(
            exportedAt: now, cohort: cohort.id, cohortName: cohort.name, me: .init(member),
            territoryName: cohort.territory(member.territory)?.name,
            subjects: cohort.proposals.filter { $0.member == member.id }.map { .init(text: $0.text, at: $0.at, withdrawn: $0.withdrawn) },
            actions: await ledger(for: cohort).items(of: member.id),
            reviews: cohort.reviews.filter { $0.value.by == member.id }.sorted { $0.key < $1.key }
                .map { .init(key: $0.key, status: $0.value.status.rawValue, note: $0.value.note, at: $0.value.at) },
            territoryRecord: cohort.records[member.territory]?.record,
            sheetsSharedWith: cohort.shared.filter { $0.key.hasSuffix("/\(member.territory)") },
            seances: seances)
    }
}
