import AtelierKit

extension Voting {
    /// What happened. A secret ballot is `sealedBallotCast`: it names no voter, the session
    /// stores it without who sent it, and exports leave its content out; `turnoutMarked`
    /// says only that someone voted.
    public enum Event: Codable, Sendable, Equatable {
        case drafted(question: String, options: [String])
        case opened(at: Int64, deadline: Int64?)
        case closed(at: Int64)
        case published
        case cancelled
        case turnoutMarked(ParticipantID)
        case ballotCast(voter: ParticipantID, ballot: Ballot)
        case sealedBallotCast(seal: String, ballot: Ballot)
        /// A voter who stops taking part before the close: their open ballot is withdrawn
        /// (a secret one cannot be found, and stays).
        case ballotWithdrawn(ParticipantID)
    }
}
