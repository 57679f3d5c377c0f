import AtelierCohort

/// What the HTTP API shows of a cohort. Key hashes never leave the server; a member's
/// link is shown once, when it is made.
struct CohortView: Encodable {
    struct TerritoryView: Encodable {
        let id: String
        let name: String
        let region: String
        let kind: String
        let structure: String
        let members: [MemberView]
    }

    struct MemberView: Encodable {
        let id: String
        let name: String
        let territory: String
        let erased: Bool
    }

    struct PlannedView: Encodable {
        let id: String
        let title: String
        let theme: String?
        let template: String
        let cases: Int
        let date: String?
        let sessionID: String?
        let openedAt: Int64?
        /// "planned" (not opened yet), "open" (a live session exists).
        let status: String
        /// The join code of its live session, when open and hosted.
        let joinCode: String?
    }

    struct ProposalView: Encodable {
        let id: String
        let member: String
        let memberName: String
        let territory: String
        let text: String
        let at: Int64
    }

    let id: String
    let name: String
    let locale: String
    let starts: String?
    let ends: String?
    let pathway: String?
    /// `four-a` or `free`; absent: each template's own.
    let learningFrame: String?
    let territories: [TerritoryView]
    let plan: [PlannedView]
    let proposals: [ProposalView]
    /// The first planned session not opened yet.
    let next: String?

    init(_ cohort: Cohort, joinCodes: [String: String]) {
        id = cohort.id
        name = cohort.name
        locale = cohort.locale
        starts = cohort.starts
        ends = cohort.ends
        pathway = cohort.pathway
        learningFrame = cohort.learningFrame
        territories = cohort.territories.map { territory in
            TerritoryView(
                id: territory.id, name: territory.name, region: territory.profile.region, kind: territory.profile.kind,
                structure: territory.profile.structure,
                members: cohort.members.filter { $0.territory == territory.id }.map(MemberView.init))
        }
        plan = cohort.plan.map { session in
            PlannedView(
                id: session.id, title: session.title, theme: session.theme, template: session.template, cases: session.cases,
                date: session.date, sessionID: session.sessionID, openedAt: session.openedAt,
                status: session.sessionID == nil ? "planned" : "open",
                joinCode: session.sessionID.flatMap { joinCodes[$0] })
        }
        proposals = cohort.proposals.filter { !$0.withdrawn }.map { proposal in
            let member = cohort.member(proposal.member)
            return ProposalView(
                id: proposal.id, member: proposal.member, memberName: member?.name ?? "",
                territory: member.flatMap { cohort.territory($0.territory)?.name } ?? "", text: proposal.text, at: proposal.at)
        }
        next = cohort.plan.first { $0.sessionID == nil }?.id
    }
}

extension CohortView.MemberView {
    init(_ member: Member) {
        self.init(id: member.id, name: member.name, territory: member.territory, erased: member.erased)
    }
}

/// What a member sees on their own page: their cohort, territory and partners, the plan
/// with the sessions they can join, their subjects.
struct MemberPageView: Encodable {
    let cohort: String
    let cohortName: String
    let locale: String
    let me: CohortView.MemberView
    let territory: CohortView.TerritoryView?
    let plan: [CohortView.PlannedView]
    let subjects: [CohortView.ProposalView]
    /// Their action items across the cohort's sessions, with where each stands.
    let actions: [CohortLedger.Item]
    /// The sessions held, each with its *retour au territoire* and to whom it was passed on.
    let sheets: [Sheet]

    struct Sheet: Encodable {
        let planned: String
        let title: String
        let date: String?
        let sharedWith: String?
    }

    init(_ cohort: Cohort, member: Member, joinCodes: [String: String], ledger: CohortLedger) {
        let whole = CohortView(cohort, joinCodes: joinCodes)
        self.cohort = cohort.id
        cohortName = cohort.name
        locale = cohort.locale
        me = .init(member)
        territory = whole.territories.first { $0.id == member.territory }.map {
            .init(id: $0.id, name: $0.name, region: $0.region, kind: $0.kind, structure: $0.structure, members: $0.members.filter { !$0.erased })
        }
        plan = whole.plan
        subjects = whole.proposals.filter { $0.member == member.id }
        actions = ledger.items(of: member.id)
        sheets = cohort.plan.filter { $0.sessionID != nil }.map {
            Sheet(planned: $0.id, title: $0.title, date: $0.date, sharedWith: cohort.shared["\($0.id)/\(member.territory)"])
        }
    }
}

/// A cohort in the list.
struct CohortSummary: Encodable {
    let id: String
    let name: String
    let locale: String
    let starts: String?
    let ends: String?
    let territories: Int
    let members: Int
    let planned: Int
    let opened: Int
    let createdAt: Int64

    init(_ cohort: Cohort, createdAt: Int64) {
        id = cohort.id
        name = cohort.name
        locale = cohort.locale
        starts = cohort.starts
        ends = cohort.ends
        territories = cohort.territories.count
        members = cohort.members.count(where: { !$0.erased })
        planned = cohort.plan.count
        opened = cohort.plan.count(where: { $0.sessionID != nil })
        self.createdAt = createdAt
    }
}
