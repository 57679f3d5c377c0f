import AtelierCohort

/// The cohort at a glance, for the trainer's dashboard (`GET /api/cohorts/:id/dashboard`):
/// séances held and planned, attendance per member and territory, the balance of speaking
/// time across séances, action items by status, lessons by theme, and the client rotation
/// with the territory proposed next.
struct CohortDashboard: Encodable {
    struct Seance: Encodable {
        let id: String
        let title: String
        let date: String?
        let theme: String?
        let held: Bool
        /// Cohort members who came.
        let present: Int
    }

    struct MemberLine: Encodable {
        let id: String
        let name: String
        let territory: String
        /// Séances attended, of those held.
        let attended: Int
        let speakingMs: Int64
        let cases: Int
    }

    struct TerritoryLine: Encodable {
        let id: String
        let name: String
        /// Séances where at least one of its members came, of those held.
        let present: Int
        let speakingMs: Int64
        let cases: Int
        let lastCase: String?
        let subjects: Int
        /// Its action items by status.
        let actions: [String: Int]
        let lessons: Int
        let record: Bool
    }

    struct ThemeLine: Encodable {
        let theme: String?
        let lessons: Int
        let seances: Int
    }

    let held: Int
    let planned: Int
    let seances: [Seance]
    let members: [MemberLine]
    let territories: [TerritoryLine]
    /// Every action item by status.
    let actions: [String: Int]
    let themes: [ThemeLine]
    /// Territories in the order they should next bring a case; the first is proposed.
    let rotation: [String]

    init(cohort: Cohort, ledger: CohortLedger) {
        let heldSessions = cohort.plan.filter { $0.sessionID != nil }
        held = heldSessions.count
        planned = cohort.plan.count
        seances = cohort.plan.map { planned in
            Seance(
                id: planned.id, title: planned.title, date: planned.date, theme: planned.theme, held: planned.sessionID != nil,
                present: ledger.attendance.values.filter { $0.contains(planned.id) }.count)
        }
        let standings = Rotation.standings(of: cohort, cases: ledger.cases)
        let byTerritory = Dictionary(uniqueKeysWithValues: standings.map { ($0.territory, $0) })
        members = cohort.members.filter { !$0.erased }.map { member in
            MemberLine(
                id: member.id, name: member.name, territory: member.territory,
                attended: ledger.attendance[member.id]?.count ?? 0, speakingMs: ledger.speaking[member.id] ?? 0,
                cases: byTerritory[member.territory]?.members[member.id] ?? 0)
        }
        territories = cohort.territories.map { territory in
            let ids = Set(cohort.members.filter { $0.territory == territory.id }.map(\.id))
            let present = heldSessions.filter { planned in ids.contains { ledger.attendance[$0]?.contains(planned.id) == true } }.count
            let items = ledger.items.filter { $0.territory == territory.id }
            return TerritoryLine(
                id: territory.id, name: territory.name, present: present,
                speakingMs: ids.reduce(0) { $0 + (ledger.speaking[$1] ?? 0) },
                cases: byTerritory[territory.id]?.cases ?? 0, lastCase: byTerritory[territory.id]?.lastSession,
                subjects: byTerritory[territory.id]?.subjects ?? 0,
                actions: Dictionary(grouping: items, by: \.status.rawValue).mapValues(\.count),
                lessons: ledger.lessons.filter { $0.territory == territory.id }.count,
                record: cohort.records[territory.id].map { !$0.record.isEmpty } ?? false)
        }
        actions = Dictionary(grouping: ledger.items, by: \.status.rawValue).mapValues(\.count)
        var themeOrder: [String?] = []
        for planned in cohort.plan where !themeOrder.contains(planned.theme) { themeOrder.append(planned.theme) }
        themes = themeOrder.map { theme in
            ThemeLine(
                theme: theme, lessons: ledger.lessons.filter { $0.theme == theme }.count,
                seances: heldSessions.filter { $0.theme == theme }.count)
        }
        rotation = standings.map(\.territory)
    }
}
