import AtelierEngine
import AtelierKit
import AtelierStore
import AtelierTransport

/// Committing: events go to the store in batches (one commit in flight per session, the
/// next batch leaving as soon as it lands), and only what is committed becomes the state
/// anyone is shown, answered and snapshotted.
///
/// A batch is the whole outbox, and every event in it was applied to the working state
/// when it was decided: the working state as the batch leaves is therefore exactly the
/// committed state once it lands. It is kept with the batch (a copy-on-write copy, without
/// the acknowledgement memory so that the working state's stays unshared) instead of
/// folding every event a second time.
extension SessionHost {
    /// Decides nothing: stamps `events` after the working state, applies them there, and
    /// queues them for the store with what to do once they are durable.
    func submit(
        _ events: [SessionEvent], actor: ParticipantID?, command: String?, then completion: Completion, start: Bool = true
    ) {
        let now = clock.now()
        var envelopes: [EventEnvelope] = []
        for event in events {
            let envelope = EventEnvelope(seq: working.seq + 1, at: now, actor: actor, command: command, event: event)
            engine.apply(envelope, to: &working, decoded: &decoded)
            envelopes.append(envelope)
        }
        var completion = completion
        if case .ack(let command, let connection, nil, let duplicate) = completion {
            completion = .ack(command: command, connection: connection, seq: working.seq, duplicate: duplicate)
        }
        outbox.append(Pending(envelopes: envelopes, completion: completion))
        if start { startCommit() }
    }

    func startCommit() {
        guard !committing, !outbox.isEmpty else { return }
        let batch = outbox
        outbox.removeAll(keepingCapacity: true)
        let envelopes = batch.flatMap(\.envelopes)
        guard !envelopes.isEmpty else {  // only answers (pongs, retries, refusals): nothing to store
            committed(batch, state: nil)
            return
        }
        committing = true
        let state = working.withoutAcknowledgements
        let after = storedSeq
        let payloads = envelopes.map(\.encodedBytes)
        storedSeq += payloads.count
        let store = self.store
        let session = sessionID
        Task {
            do {
                _ = try await store.append(session: session, after: after, payloads: payloads)
                self.committed(batch, state: state)
            } catch {
                self.commitFailed(batch, error: error)
            }
        }
    }

    /// `state`: the working state as the batch left (nil when it held nothing to store).
    private func committed(_ batch: [Pending], state: SessionState?) {
        committing = false
        if let state { committed = state }
        // The next events go to the store while this batch is applied and answered; answers
        // alone (nothing to store) wait until this batch's are sent, to keep their order.
        let storesNext = outbox.contains { !$0.envelopes.isEmpty }
        if storesNext { startCommit() }
        for pending in batch {
            for envelope in pending.envelopes { note(envelope.event) }
            if !pending.envelopes.isEmpty { dirty = true }
            complete(pending.completion)
        }
        if !storesNext { startCommit() }
        saveSnapshotIfDue()
        settle()
    }

    private func commitFailed(_ batch: [Pending], error: any Error) {
        logger.error("commit failed; pending commands are refused", metadata: ["error": "\(error)"])
        defer {
            if case StoreError.leaseLost = error { stopHosting() }
        }
        let refused = batch + outbox
        outbox.removeAll()
        // Back to what is stored, keeping the memory of the commands that were stored.
        let forgotten = Set(refused.flatMap(\.envelopes).compactMap { envelope in
            envelope.actor.flatMap { actor in envelope.command.map { SessionState.acknowledgementKey(actor, $0) } }
        })
        var restored = committed
        swap(&restored.acknowledged, &working.acknowledged)
        swap(&restored.acknowledgedOrder, &working.acknowledgedOrder)
        restored.forgetAcknowledgements(forgotten)
        working = restored
        storedSeq = committed.seq
        decoded.removeAll()
        committing = false
        for pending in refused {
            switch pending.completion {
            case .ack(let command, let connection, _, _):
                send(ServerFrame.error(Self.storeRefusal(error), command: command), to: [connection])
            case .joined(_, _, let connection):
                send(ServerFrame.error(Rejection(.internal, "the join could not be stored; retry")), to: [connection])
                transport.close(connection, code: .internalError, reason: "join not stored")
            case .pong(let connection):
                send(ServerFrame.pong, to: [connection])
            case .refusal(let rejection, let command, let connection):
                send(ServerFrame.error(rejection, command: command), to: [connection])
            case .none:
                break
            }
        }
    }

    /// Another node may host the session now: every connection is closed with 4002 (its
    /// client reconnects and resumes wherever the session is served), nothing more is
    /// accepted here, and the directory forgets this host.
    private func stopHosting() {
        guard hosting else { return }
        hosting = false
        timerTask?.cancel()
        timerTask = nil
        for connection in connections.values.flatMap({ $0 }) {
            transport.close(connection, code: Self.movedCode, reason: "the session moved to another server; reconnect")
        }
        connections.removeAll()
        awaiting.removeAll()
        let onLeaseLost = self.onLeaseLost
        Task { await onLeaseLost() }
    }

    /// The close code of `stopHosting()`.
    static let movedCode = CloseCode(rawValue: 4002)

    /// The refusal for anything that reaches a host that no longer serves its session.
    static let notHostedHere = Rejection(.conflict, "this session is no longer served by this server; reconnect")

    /// What a client is told when its command could not be stored.
    static func storeRefusal(_ error: any Error) -> Rejection {
        if case StoreError.leaseLost = error {
            return Rejection(.internal, "this server no longer holds the session's lease; nothing was stored")
        }
        return Rejection(.internal, "the command could not be stored; retry")
    }

    private func complete(_ completion: Completion) {
        switch completion {
        case .none:
            break
        case .ack(let command, let connection, let seq, let duplicate):
            let ack = ServerFrame.ack(command: command, seq: seq ?? committed.seq, duplicate: duplicate)
            transport.send(OutboundFrame(bytes: ack), to: connection)
        case .pong(let connection):
            send(ServerFrame.pong, to: [connection])
        case .refusal(let rejection, let command, let connection):
            send(ServerFrame.error(rejection, command: command), to: [connection])
        case .joined(let id, let token, let connection):
            guard let member = committed.members[id] else { return }
            send(
                ServerFrame.welcome(session: setup.id, participant: id, role: member.role, token: token, epoch: epoch),
                to: [connection])
            sendSnapshot(to: id, connections: [connection])
            awaiting.remove(connection)
        }
    }

    private func saveSnapshotIfDue() {
        guard committed.seq - lastSnapshotSeq >= settings.snapshotEvery else { return }
        lastSnapshotSeq = committed.seq
        let snapshot = engine.snapshot(of: committed)
        let seq = committed.seq
        let store = self.store
        let session = sessionID
        let logger = self.logger
        Task {  // encoded off the actor: the session goes on meanwhile
            let payload = SessionCodec.encode(snapshot)
            do {
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
        let removed = ServerFrame.error(Rejection(.forbidden, "you were removed from the session"))
        for connection in connections.removeValue(forKey: id) ?? [] {
            transport.send(OutboundFrame(bytes: removed.encodedBytes()), to: connection)
            transport.close(connection, code: CloseCode(rawValue: 4001), reason: "removed from the session")
        }
        privateViews.removeValue(forKey: id)
    }
}
