import AtelierEngine
import AtelierKit
import AtelierStore
import AtelierTransport

/// Committing: the host stamps and encodes each decision's events, applies them to the
/// working state, and hands them to its `CommitPipeline`, which says when to store, what is
/// durable and whom to answer; the host performs those actions.
///
/// A batch is everything queued, and every event in it was applied to the working state
/// when it was decided: the working state as the batch leaves is therefore exactly the
/// committed state once it lands. It is kept with the batch (a copy-on-write copy, without
/// the acknowledgement memory so that the working state's stays unshared) instead of
/// folding every event a second time.
extension SessionHost {
    /// Decides nothing: stamps `events` after the working state, encodes them, applies them
    /// there, and queues them for the store with what to do once they are durable. Events
    /// that cannot be encoded are not applied: the sender is refused with `internal`.
    @discardableResult
    func submit(
        _ events: [SessionEvent], actor: ParticipantID?, commandID: String?, then completion: Completion,
        start: Bool = true
    ) -> Bool {
        let now = clock.now()
        let sealing = hasSealedEvents
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(events.count)
        encoding.removeAll(keepingCapacity: true)
        do {
            for (offset, event) in events.enumerated() {
                // A sealed event (a secret ballot) is stored without who sent it.
                let sealed = sealing && engine.isSealed(event, in: working.setup)
                let envelope = EventEnvelope(
                    seq: working.seq + 1 + offset, at: now, actor: sealed ? nil : actor, commandID: sealed ? nil : commandID,
                    event: event)
                encoding.append(try envelope.encoded())
                envelopes.append(envelope)
            }
        } catch {
            decoded.removeAll()
            logger.error("an event could not be encoded; the decision is refused", metadata: ["error": "\(error)"])
            pipeline.enqueue(Pending(envelopes: [], completion: completion.refused(Self.unencodable)))
            if start { startCommit() }
            return false
        }
        for envelope in envelopes { engine.apply(envelope, to: &working, decoded: &decoded) }
        var completion = completion
        if case .ack(let commandID, let connection, nil, let duplicate) = completion {
            completion = .ack(commandID: commandID, connection: connection, seq: working.seq, duplicate: duplicate)
        }
        pipeline.enqueue(Pending(envelopes: envelopes, completion: completion), storing: encoding)
        if start { startCommit() }
        return true
    }

    /// Sends the next batch to the store if none is in flight.
    func startCommit() {
        perform(pipeline.next(state: working.withoutAcknowledgements))
    }

    /// Performs the pipeline's actions in order; `error` is why a commit failed.
    private func perform(_ actions: [Pipeline.Action], error: (any Error)? = nil) {
        var answered = false
        for action in actions {
            switch action {
            case .store(let after, let payloads):
                let store = self.store
                let session = sessionID
                Task {
                    do {
                        _ = try await store.append(session: session, after: after, payloads: payloads)
                        self.landed()
                    } catch {
                        self.commitFailed(error)
                    }
                }
            case .publish(let state):
                committed = state
            case .answer(let pending):
                for envelope in pending.envelopes { note(envelope.event) }
                if !pending.envelopes.isEmpty { flushes.changed() }
                complete(pending.completion)
                answered = true
            case .refuse(let pending):
                refuse(pending.completion, because: error)
            case .rewind:
                rewind(forgetting: actions)
            case .stopHosting:
                stopHosting()
            }
        }
        if answered {
            saveSnapshotIfDue()
            settle()
        }
    }

    private func landed() {
        perform(pipeline.landed(state: working.withoutAcknowledgements))
    }

    private func commitFailed(_ error: any Error) {
        logger.error("commit failed; pending commands are refused", metadata: ["error": "\(error)"])
        var leaseLost = false
        if case StoreError.leaseLost = error { leaseLost = true }
        perform(pipeline.failed(leaseLost: leaseLost), error: error)
    }

    /// Back to what is stored, keeping the memory of the commands that were stored and
    /// forgetting those of the decisions `actions` refuses.
    private func rewind(forgetting actions: [Pipeline.Action]) {
        let forgotten = Set(
            actions.flatMap { action -> [String] in
                guard case .refuse(let pending) = action else { return [] }
                return pending.envelopes.compactMap { envelope in
                    envelope.actor.flatMap { actor in envelope.commandID.map { SessionState.acknowledgementKey(actor, $0) } }
                }
            })
        var restored = committed
        swap(&restored.acknowledged, &working.acknowledged)
        swap(&restored.acknowledgedOrder, &working.acknowledgedOrder)
        restored.forgetAcknowledgements(forgotten)
        working = restored
        decoded.removeAll()
    }

    /// Tells the sender of a decision whose commit failed.
    private func refuse(_ completion: Completion, because error: (any Error)?) {
        switch completion {
        case .ack(let commandID, let connection, _, _):
            send(ServerFrame.error(Self.storeRefusal(error), commandID: commandID), to: [connection])
        case .joined(_, _, let connection):
            send(ServerFrame.error(Rejection(.internal, "the join could not be stored; retry")), to: [connection])
            outbound.close(connection, code: .internalError, reason: "join not stored")
        case .resumed(_, _, _, let connection, _):
            send(ServerFrame.error(Rejection(.internal, "the return could not be stored; resume again")), to: [connection])
            outbound.close(connection, code: .internalError, reason: "resume not stored")
        case .pong(let connection):
            send(ServerFrame.pong, to: [connection])
        case .refusal(let rejection, let commandID, let connection):
            send(ServerFrame.error(rejection, commandID: commandID), to: [connection])
        case .none:
            break
        }
    }

    /// Another node may host the session now: every connection is closed with 4002 (its
    /// client reconnects and resumes wherever the session is served), nothing more is
    /// accepted here, and the directory forgets this host.
    private func stopHosting() {
        timerTask?.cancel()
        timerTask = nil
        alarmTask?.cancel()
        alarmTask = nil
        for connection in connections.values.flatMap({ $0 }) {
            outbound.close(connection, code: Self.movedCode, reason: "the session moved to another server; reconnect")
        }
        connections.removeAll()
        awaiting.removeAll()
        let onLeaseLost = self.onLeaseLost
        Task { await onLeaseLost() }
    }

    /// Stops serving so that the stored log can be rewritten (erasure): nothing more is
    /// accepted, what was accepted is committed, and every connection is closed with 4002
    /// so that its client reconnects to the host the directory builds from the new log
    /// (a new epoch: it gets a snapshot).
    func retire() async {
        retired = true
        await drained()
        timerTask?.cancel()
        timerTask = nil
        alarmTask?.cancel()
        alarmTask = nil
        for connection in connections.values.flatMap({ $0 }) {
            outbound.close(connection, code: Self.movedCode, reason: "the session was updated; reconnect")
        }
        connections.removeAll()
        awaiting.removeAll()
    }

    /// The close code of `stopHosting()`.
    static let movedCode = CloseCode(rawValue: 4002)

    /// The refusal for anything that reaches a host that no longer serves its session.
    static let notHostedHere = Rejection(.conflict, "this session is no longer served by this server; reconnect")

    /// The refusal of a decision whose events could not be encoded (nothing was applied).
    static let unencodable = Rejection(.internal, "the server could not record this; nothing was changed")

    /// What a client is told when its command could not be stored.
    static func storeRefusal(_ error: (any Error)?) -> Rejection {
        if case StoreError.leaseLost? = error {
            return Rejection(.internal, "this server no longer holds the session's lease; nothing was stored")
        }
        return Rejection(.internal, "the command could not be stored; retry")
    }

    private func complete(_ completion: Completion) {
        switch completion {
        case .none:
            break
        case .ack(let commandID, let connection, let seq, let duplicate):
            let ack = ServerFrame.ack(commandID: commandID, seq: seq ?? committed.seq, duplicate: duplicate)
            outbound.send(ack, to: connection)
        case .pong(let connection):
            send(ServerFrame.pong, to: [connection])
        case .refusal(let rejection, let commandID, let connection):
            send(ServerFrame.error(rejection, commandID: commandID), to: [connection])
        case .joined(let id, let token, let connection):
            guard let member = committed.members[id] else { return }
            send(
                ServerFrame.welcome(session: setup.id, participant: id, role: member.role, token: token, epoch: epoch),
                to: [connection])
            sendSnapshot(to: id, connections: [connection])
            awaiting.remove(connection)
        case .resumed(let id, let clientEpoch, let seq, let connection, let newToken):
            answerResume(id, epoch: clientEpoch, seq: seq, on: connection, newToken: newToken)
        }
    }

    private func saveSnapshotIfDue() {
        guard committed.seq - lastSnapshotSeq >= settings.snapshotEvery else { return }
        lastSnapshotSeq = committed.seq
        let seq = committed.seq
        let snapshot: SessionSnapshot
        do {
            snapshot = try engine.snapshot(of: committed)
        } catch {
            logger.warning("snapshot not taken", metadata: ["event.seq": "\(seq)", "error": "\(error)"])
            return
        }
        let store = self.store
        let session = sessionID
        let logger = self.logger
        Task {  // encoded off the actor: the session goes on meanwhile
            do {
                let payload = try SessionCodec.encode(snapshot)
                try await store.saveSnapshot(session: session, seq: seq, payload: payload)
            } catch {
                logger.warning("snapshot not saved", metadata: ["event.seq": "\(seq)", "error": "\(error)"])
            }
        }
    }

    private func note(_ event: SessionEvent) {
        switch event {
        case .participantJoined(let id, _, _, _), .presenceChanged(let id, _), .handRaised(let id), .handLowered(let id):
            touched.insert(id)
        case .roleChanged(let id, _):
            resync.insert(id)
        case .leadHandedOver(let from, let to):
            resync.formUnion([from, to])
        case .participantRemoved(let id):
            expel(id)
        default:
            break
        }
    }

    private func expel(_ id: ParticipantID) {
        let removed = ServerFrame.error(Rejection(.forbidden, "you were removed from the session")).encodedBytes()
        for connection in connections.removeValue(forKey: id) ?? [] {
            outbound.send(removed, to: connection)
            outbound.close(connection, code: CloseCode(rawValue: 4001), reason: "removed from the session")
        }
        privateViews.removeValue(forKey: id)
    }
}

extension SessionHost.Completion {
    /// The same answer turned into a refusal (a decision that could not be recorded).
    func refused(_ rejection: Rejection) -> Self {
        switch self {
        case .none, .pong, .refusal: self
        case .ack(let commandID, let connection, _, _): .refusal(rejection, commandID: commandID, connection: connection)
        case .joined(_, _, let connection): .refusal(rejection, commandID: nil, connection: connection)
        case .resumed(_, _, _, let connection, _): .refusal(rejection, commandID: nil, connection: connection)
        }
    }
}
