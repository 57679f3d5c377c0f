import AtelierKit

extension ThemeRound {
    /// What happened; every time, order and id an event needs is in it, so replay needs
    /// nothing else (a random order is drawn once, into `roundStarted`).
    public enum Event: Codable, Sendable, Equatable {
        case roundStarted(theme: String, queue: [[ParticipantID]], at: Int64)
        case roundEnded(at: Int64)
        /// `speaker` takes the floor until `deadline`; their slot leaves the queue.
        case floorGiven(ParticipantID, at: Int64, deadline: Int64)
        case turnEnded(ParticipantID, outcome: Outcome, at: Int64)
        /// The speaker's timebox ran out.
        case timeUp(ParticipantID)
        case turnExtended(deadline: Int64)
        /// The waiting queue, rearranged by the facilitator.
        case queueSet([[ParticipantID]])
        case memberSkipped(ParticipantID)
        /// A skipped (or already heard) member goes back to the front of the queue.
        case memberBroughtBack(ParticipantID)
        /// A late joiner goes to the end of the queue (with their partner if they wait).
        case memberAppended(ParticipantID)
        /// A member stopped taking part: out of the queue.
        case memberLeft(ParticipantID)
        case pairsSet([[ParticipantID]])
        case cardPosted(Card)
        case cardRemoved(Int)
        case dotGiven(card: Int, by: ParticipantID)
        case dotWithdrawn(card: Int, by: ParticipantID)
        case headingAdded(Heading)
        case headingRenamed(id: Int, title: String)
        case cardGrouped(card: Int, heading: Int?)
    }
}
