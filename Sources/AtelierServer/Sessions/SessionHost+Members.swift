import AtelierEngine
import AtelierKit
import AtelierTransport

extension SessionHost {
    /// A new member joins on `connection`. Their id is known at once (so the connection can
    /// be bound); the welcome with their secret token and the snapshot follow the commit.
    func join(name: String, role: Role, on connection: ConnectionID) -> Result<ParticipantID, Rejection> {
        guard hosting else { return .failure(Self.notHostedHere) }
        let token = Secrets.make()
        return admit(.join(name: name, role: role, tokenHash: Secrets.hash(token)), token: token, on: connection)
    }

    /// A cohort member enters with their personal link, which the gateway checked against
    /// the cohort (`key`): the first time they join as a participant under their cohort id;
    /// afterwards, on any device, they are that member again, with a snapshot. Their link is
    /// their resume token, so a reconnect is an ordinary resume.
    func enter(member id: ParticipantID, name: String, key: String, on connection: ConnectionID) -> Result<ParticipantID, Rejection> {
        guard hosting else { return .failure(Self.notHostedHere) }
        guard setup.cohort != nil else { return .failure(.forbidden("this session belongs to no cohort")) }
        if let known = working.members[id] {
            guard !known.removed else { return .failure(.forbidden("you were removed from the session")) }
            attach(connection, to: id, start: false)
            submit([], actor: nil, commandID: nil, then: .joined(id, token: key, connection: connection))
            return .success(id)
        }
        return admit(.enter(member: id, name: name, tokenHash: Secrets.hash(key)), token: key, on: connection)
    }

    /// Commits a join or an entry: the member, their coming online and their welcome with
    /// `token` and a snapshot go out in one commit.
    private func admit(_ command: SystemCommand, token: String, on connection: ConnectionID) -> Result<ParticipantID, Rejection> {
        switch engine.decide(system: command, in: working, context: EngineContext(now: clock.now())) {
        case .failure(let rejection):
            return .failure(rejection)
        case .success(let events):
            guard case .participantJoined(let id, _, _, _)? = events.first else {
                return .failure(Rejection(.internal, "join produced no member"))
            }
            guard submit(events, actor: nil, commandID: nil, then: .none, start: false) else {
                startCommit()
                return .failure(Self.unencodable)
            }
            attach(connection, to: id, start: false)
            submit([], actor: nil, commandID: nil, then: .joined(id, token: token, connection: connection))
            return .success(id)
        }
    }

    /// A facilitator joins: the first becomes lead, later ones co-facilitators.
    func joinAsFacilitator(name: String, on connection: ConnectionID) -> Result<ParticipantID, Rejection> {
        join(name: name.isEmpty ? (setup.locale == "fr" ? "Animation" : "Facilitator") : name, role: .facilitator, on: connection)
    }

    /// Whether `invite` is this session's facilitator invite.
    func acceptsInvite(_ invite: String) -> Bool { Secrets.sameHash(Secrets.hash(invite), setup.facilitatorKeyHash) }

    /// A known member reconnects: exactly the missed patches, or a snapshot. `vouched`: the
    /// gateway checked `token` itself (a cohort member's renewed link, which the session
    /// does not know yet): it becomes their token, sent back in the `welcome`.
    func resume(
        _ id: ParticipantID, token: String, epoch clientEpoch: Int, seq: Int, on connection: ConnectionID, vouched: Bool = false
    ) -> Result<Void, Rejection> {
        guard hosting else { return .failure(Self.notHostedHere) }
        guard let member = committed.members[id], vouched || Secrets.sameHash(member.tokenHash, Secrets.hash(token)) else {
            return .failure(Rejection(.unauthorized, "unknown member or wrong token"))
        }
        guard !member.removed, working.members[id]?.removed != true else {
            return .failure(.forbidden("you were removed from the session"))
        }
        attach(connection, to: id, start: false)
        submit(
            [], actor: nil, commandID: nil,
            then: .resumed(id, epoch: clientEpoch, seq: seq, connection: connection, newToken: vouched ? token : nil))
        return .success(())
    }

    /// Answers a resume once the member's return is durable: the welcome, then exactly the
    /// missed patches (their return among them) and their `me`, or a snapshot; then `resumed`.
    func answerResume(_ id: ParticipantID, epoch clientEpoch: Int, seq: Int, on connection: ConnectionID, newToken: String? = nil) {
        defer { awaiting.remove(connection) }
        guard let member = committed.members[id], !member.removed else { return }
        flushNow()
        send(ServerFrame.welcome(session: setup.id, participant: id, role: member.role, token: newToken, epoch: epoch), to: [connection])
        let plan = ResumePlan.plan(
            clientEpoch: clientEpoch, seq: seq, epoch: epoch, flushedSeq: flushedSeq, roleSince: member.roleSince,
            ring: rings[member.role.audience])
        switch plan {
        case .gap(let missed):
            for frame in missed { outbound.send(frame, to: connection) }
            let me = engine.privateView(of: committed, for: id)
            privateViews[id] = me
            send(ServerFrame.patch(seq: flushedSeq, patch: me), to: [connection])
            send(ServerFrame.resumed(seq: flushedSeq, mode: "patches"), to: [connection])
        case .snapshot:
            sendSnapshot(to: id, connections: [connection])
            send(ServerFrame.resumed(seq: flushedSeq, mode: "snapshot"), to: [connection])
        }
    }

    /// A connection of `id` closed.
    func disconnected(_ connection: ConnectionID, member id: ParticipantID) {
        awaiting.remove(connection)
        guard var open = connections[id] else { return }
        open.remove(connection)
        if open.isEmpty {
            connections.removeValue(forKey: id)
            system(.setPresence(id, online: false))
        } else {
            connections[id] = open
        }
        settle()
    }

    /// After a restart nobody is connected: members the log says are online go offline.
    func markEveryoneOffline() {
        for member in working.members.values where member.online {
            system(.setPresence(member.id, online: false))
        }
        settle()
    }

    private func attach(_ connection: ConnectionID, to id: ParticipantID, start: Bool = true) {
        let wasOffline = connections[id, default: []].isEmpty
        awaiting.insert(connection)
        connections[id, default: []].insert(connection)
        if wasOffline { system(.setPresence(id, online: true), start: start) }
    }
}
