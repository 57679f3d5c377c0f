import AtelierCohort
import AtelierEngine
import AtelierKit

/// A cohort across its sessions: every commitment with where it stands, every lesson with
/// its theme, who came to what. Built from the cohort and its sessions' reports, so it is
/// always what the logs say; nothing in it is stored twice.
struct CohortLedger: Sendable {
    /// An action item made in one of the cohort's sessions.
    struct Item: Sendable, Equatable, Encodable {
        let key: String
        let planned: String
        let session: String
        let date: String?
        /// Its owners (the client and co-clients), by cohort member id.
        let owners: [String]
        let ownerNames: [String]
        let territory: String?
        let what: String
        let due: String
        let resources: String
        let status: ActionStatus
        let note: String
        /// When the latest review was made (ms since 1970), if any.
        let reviewedAt: Int64?
    }

    /// A lesson drawn in a session, tagged with the session's theme.
    struct Lesson: Sendable, Equatable, Encodable {
        let planned: String
        let session: String
        let theme: String?
        let author: String?
        let authorName: String?
        let territory: String?
        let heading: String
        let frame: String?
        let text: String
    }

    /// A request a territory (or a person) brought as client.
    struct Request: Sendable, Equatable, Encodable {
        let planned: String
        let clients: [String]
        let territory: String?
        let items: [String]
    }

    let items: [Item]
    let lessons: [Lesson]
    let requests: [Request]
    /// The planned sessions each member attended.
    let attendance: [String: [String]]
    /// Each member's speaking time across the séances (ms).
    let speaking: [String: Int64]

    /// `reports` by planned session id.
    init(cohort: Cohort, reports: [String: SessionReport]) {
        var items: [Item] = []
        var lessons: [Lesson] = []
        var requests: [Request] = []
        var attendance: [String: [String]] = [:]
        var speaking: [String: Int64] = [:]
        // The latest review of each item: the cohort's (a member's page, the trainer) or a
        // séance's follow-up round, whichever was made last.
        var latest = cohort.reviews
        for report in reports.values {
            for review in report.reviews {
                guard let status = ActionStatus(rawValue: review.status) else { continue }
                if let known = latest[review.key], known.at >= review.at { continue }
                latest[review.key] = ActionReview(status: status, note: review.note, by: review.by.rawValue, at: review.at)
            }
        }
        func territory(of members: [String]) -> String? {
            let territories = Set(members.compactMap { cohort.member($0)?.territory })
            return territories.count == 1 ? territories.first : nil
        }
        for planned in cohort.plan {
            guard let report = reports[planned.id] else { continue }
            for member in report.attended.map(\.rawValue).sorted() where cohort.member(member) != nil {
                attendance[member, default: []].append(planned.id)
            }
            for (member, ms) in report.speaking where cohort.member(member.rawValue) != nil {
                speaking[member.rawValue, default: 0] += ms
            }
            for request in report.requests {
                let clients = request.clients.map(\.rawValue)
                requests.append(Request(planned: planned.id, clients: clients, territory: territory(of: clients), items: request.items))
            }
            for made in report.commitments {
                let owners = made.commitment.owners.map(\.rawValue)
                let review = latest[made.key]
                items.append(
                    Item(
                        key: made.key, planned: planned.id, session: report.sessionID, date: planned.date, owners: owners,
                        ownerNames: owners.map { cohort.member($0)?.name ?? report.names[ParticipantID($0)] ?? $0 },
                        territory: territory(of: owners), what: made.commitment.what, due: made.commitment.due,
                        resources: made.commitment.resources, status: review?.status ?? .open, note: review?.note ?? "",
                        reviewedAt: review?.at))
            }
            for lesson in report.lessons {
                let author = lesson.author?.rawValue
                lessons.append(
                    Lesson(
                        planned: planned.id, session: report.sessionID, theme: planned.theme, author: author,
                        authorName: author.map { cohort.member($0)?.name ?? report.names[ParticipantID($0)] ?? $0 },
                        territory: author.flatMap { territory(of: [$0]) }, heading: lesson.heading, frame: lesson.frame,
                        text: lesson.text))
            }
        }
        self.items = items
        self.lessons = lessons
        self.requests = requests
        self.attendance = attendance
        self.speaking = speaking
    }

    /// Each case of the cohort's séances, in plan order: its planned séance and its clients.
    var cases: [(planned: String, clients: [String])] { requests.map { ($0.planned, $0.clients) } }

    /// The items `member` owns.
    func items(of member: String) -> [Item] { items.filter { $0.owners.contains(member) } }
}

extension CohortRoutes {
    /// The reports of a cohort's sessions, by planned session id: from the host when this
    /// node serves the session, else from its stored log (another node serves it).
    func reports(for cohort: Cohort) async -> [String: SessionReport] {
        var reports: [String: SessionReport] = [:]
        for planned in cohort.plan {
            guard let id = planned.sessionID, let state = await state(of: id) else { continue }
            reports[planned.id] = SessionReport(state: state, engine: sessions.engine)
        }
        return reports
    }

    /// A session's committed state: its host's when this node serves it, else folded from
    /// its stored log (another node serves it); nil when it cannot be read.
    func state(of session: String) async -> SessionState? {
        if let host = await sessions.served(session) { return await host.committedState() }
        guard let index = try? await SessionMaintenance(store: sessions.store).replayIndex(session: session) else { return nil }
        return index.state(at: index.lastSeq)
    }

    /// The cohort's ledger as of now.
    func ledger(for cohort: Cohort) async -> CohortLedger {
        CohortLedger(cohort: cohort, reports: await reports(for: cohort))
    }
}
