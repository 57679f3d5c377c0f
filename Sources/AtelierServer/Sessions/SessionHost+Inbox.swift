import AtelierKit
import AtelierTransport

/// The messages of bound connections, worked through in turns (see `SessionInbox`).
extension SessionHost {
    /// Queues what a bound connection did; schedules a turn if none is pending.
    nonisolated func post(_ item: SessionInbox.Item) {
        if inbox.post(item) { Task { await self.takeTurn() } }
    }

    /// Works through what was queued when the turn started, then hands over to a new turn
    /// if more came, so that commits landing meanwhile are answered in between.
    private func takeTurn() {
        var batch: [SessionInbox.Item] = []
        inbox.take(into: &batch)
        for item in batch {
            switch item {
            case .message(let connection, let member, let bytes):
                receive(bytes, from: member, on: connection)
            case .closed(let connection, let member):
                disconnected(connection, member: member)
            }
        }
        if inbox.endTurn() { Task { self.takeTurn() } }
    }

    /// One frame of a bound connection (from its inbox turn, or its lane): a command, a
    /// ping, or a refusal, each answered in its turn.
    func receive(_ bytes: [UInt8], from member: ParticipantID, on connection: ConnectionID) {
        switch ClientRoute.route(bytes, bound: true) {
        case .refuse(let rejection, let commandID):
            refuse(rejection, commandID: commandID, on: connection)
        case .command(let command, let commandID):
            handle(command, commandID: commandID, from: member, on: connection)
        case .pong:
            ping(from: connection)
        case .bind:  // a bound connection's binding message is routed as a refusal
            refuse(ClientMessage.alreadyBound, commandID: nil, on: connection)
        }
    }
}
