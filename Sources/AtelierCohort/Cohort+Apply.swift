extension Cohort {
    /// The cohort after `event`. Total: an event naming something unknown changes nothing.
    public func applying(_ event: CohortEvent) -> Cohort {
        var next = self
        next.apply(event)
        return next
    }

    /// Folds `event` in place.
    public mutating func apply(_ event: CohortEvent) {
        switch event {
        case .created(let name, let locale, let starts, let ends), .edited(let name, let locale, let starts, let ends):
            self.name = name
            self.locale = locale
            self.starts = starts
            self.ends = ends
        case .territoryAdded(let id, let name, let profile):
            territories.append(Territory(id: id, name: name, profile: profile))
        case .territoryEdited(let id, let name, let profile):
            guard let index = territories.firstIndex(where: { $0.id == id }) else { return }
            territories[index].name = name
            territories[index].profile = profile
        case .memberAdded(let id, let territory, let name, let keyHash):
            members.append(Member(id: id, territory: territory, name: name, keyHash: keyHash))
        case .memberEdited(let id, let territory, let name):
            updateMember(id) {
                $0.territory = territory
                $0.name = name
            }
        case .memberKeyRenewed(let id, let keyHash):
            updateMember(id) { $0.keyHash = keyHash }
        case .memberErased(let id, let pseudonym):
            updateMember(id) {
                $0.name = pseudonym
                $0.keyHash = ""
                $0.erased = true
            }
            for index in proposals.indices where proposals[index].member == id {
                proposals[index].text = ""
                proposals[index].withdrawn = true
            }
            for (key, review) in reviews where review.by == id {
                reviews[key] = ActionReview(status: review.status, note: "", by: review.by, at: review.at)
            }
        case .pathwayApplied(let name):
            pathway = name
        case .sessionPlanned(let session, let index):
            plan.insert(session, at: min(max(index, 0), plan.count))
        case .sessionEdited(let id, let title, let theme, let date, let cases):
            guard let index = plan.firstIndex(where: { $0.id == id }) else { return }
            plan[index].title = title
            plan[index].theme = theme
            plan[index].date = date
            plan[index].cases = cases
        case .sessionMoved(let id, let index):
            guard let from = plan.firstIndex(where: { $0.id == id }) else { return }
            let session = plan.remove(at: from)
            plan.insert(session, at: min(max(index, 0), plan.count))
        case .sessionDropped(let id):
            plan.removeAll { $0.id == id }
        case .sessionOpened(let id, let sessionID, let at):
            guard let index = plan.firstIndex(where: { $0.id == id }) else { return }
            plan[index].sessionID = sessionID
            plan[index].openedAt = at
        case .subjectProposed(let id, let member, let text, let at):
            proposals.append(SubjectProposal(id: id, member: member, text: text, at: at))
        case .subjectWithdrawn(let id):
            guard let index = proposals.firstIndex(where: { $0.id == id }) else { return }
            proposals[index].withdrawn = true
        case .actionReviewed(let key, let review):
            if let known = reviews[key], known.at > review.at { return }
            reviews[key] = review
        case .recordEdited(let territory, let record, let version, let by, let at):
            records[territory] = TerritoryRecord(
                record: record, version: version, updatedBy: by, updatedAt: at, reviewedIn: records[territory]?.reviewedIn)
        case .recordReviewed(let territory, let planned):
            records[territory]?.reviewedIn = planned
        case .learningFrameSet(let frame):
            learningFrame = frame
        case .sheetShared(let planned, let territory, let with):
            shared["\(planned)/\(territory)"] = with.isEmpty ? nil : with
        }
    }

    private mutating func updateMember(_ id: String, _ change: (inout Member) -> Void) {
        guard let index = members.firstIndex(where: { $0.id == id }) else { return }
        change(&members[index])
    }

    /// The cohort folded from its records, the first being `created`.
    public static func folding(id: String, _ records: [CohortRecord]) -> Cohort {
        records.reduce(into: Cohort(id: id)) { cohort, record in cohort.apply(record.event) }
    }
}
