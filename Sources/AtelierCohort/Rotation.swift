/// Client rotation across a cohort: "as many sessions as participants, so that everyone is
/// client once". Which territories (and members) have brought a case, and which should
/// come next: those who never have, then those whose last case is the oldest; among
/// equals, a territory with a subject waiting, then the cohort's order.
public enum Rotation {
    /// One territory's place in the rotation.
    public struct Standing: Sendable, Equatable, Codable {
        public let territory: String
        /// Cases it brought (as client or co-clients).
        public let cases: Int
        /// The planned séance of its last case, if any.
        public let lastSession: String?
        /// Its members' cases, by member id.
        public let members: [String: Int]
        /// Open subjects its members proposed.
        public let subjects: Int
    }

    /// Every territory, in the order they should next bring a case (the first is proposed).
    /// `cases` lists each case of the cohort's séances in plan order: its planned séance and
    /// its clients' member ids.
    public static func standings(of cohort: Cohort, cases: [(planned: String, clients: [String])]) -> [Standing] {
        let order = cohort.plan.map(\.id)
        let standings = cohort.territories.map { territory -> Standing in
            let members = cohort.members(of: territory.id).map(\.id)
            let theirs = cases.filter { $0.clients.contains { members.contains($0) } }
            var counts: [String: Int] = [:]
            for member in members { counts[member] = cases.filter { $0.clients.contains(member) }.count }
            let subjects = cohort.proposals.filter { !$0.withdrawn && members.contains($0.member) }.count
            return Standing(
                territory: territory.id, cases: theirs.count, lastSession: theirs.last?.planned, members: counts, subjects: subjects)
        }
        let position = Dictionary(uniqueKeysWithValues: cohort.territories.enumerated().map { ($1.id, $0) })
        return standings.sorted { lhs, rhs in
            if lhs.cases != rhs.cases { return lhs.cases < rhs.cases }
            let left = lhs.lastSession.flatMap { order.firstIndex(of: $0) } ?? -1
            let right = rhs.lastSession.flatMap { order.firstIndex(of: $0) } ?? -1
            if left != right { return left < right }
            if (lhs.subjects > 0) != (rhs.subjects > 0) { return lhs.subjects > 0 }
            return position[lhs.territory, default: 0] < position[rhs.territory, default: 0]
        }
    }
}
