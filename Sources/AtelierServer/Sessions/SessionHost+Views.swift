import AtelierEngine
import AtelierKit
import AtelierTransport

extension SessionHost {
    /// Flushes now, or sets a wake-up for the next allowed flush (coalescing).
    func scheduleFlush() {
        switch flushes.settle(now: .now) {
        case .nothing:
            break
        case .flushNow:
            flushNow()
        case .wake(let due):
            Task { [weak self] in
                try? await Task.sleep(until: due)
                await self?.flushNow()
            }
        }
    }

    /// Sends every committed change not yet shown.
    func flushNow() {
        guard flushes.flush(now: .now) else { return }
        let state = committed
        let seq = state.seq
        var byAudience: [Audience: [ConnectionID]] = [:]
        for (id, open) in connections where !resync.contains(id) {
            guard let member = state.members[id] else { continue }
            byAudience[member.role.audience, default: []].append(contentsOf: open.subtracting(awaiting))
        }
        for audience in Audience.allCases {
            let view = engine.view(of: state, for: audience)
            guard let patch = MergePatch.diff(from: sharedViews[audience] ?? [:], to: view) else { continue }
            let frame = ServerFrame.patch(seq: seq, patch: patch).encodedBytes()
            rings[audience]?.append(.init(base: sharedSeq[audience] ?? 0, seq: seq, frame: frame))
            sharedViews[audience] = view
            sharedSeq[audience] = seq
            if let recipients = byAudience[audience], !recipients.isEmpty {
                outbound.send(frame, to: recipients)
            }
        }
        flushedSeq = seq
        let privateTargets = hasPrivateActivityViews ? Set(connections.keys) : touched.intersection(connections.keys)
        for id in privateTargets where !resync.contains(id) {
            let view = engine.privateView(of: state, for: id)
            if let patch = MergePatch.diff(from: privateViews[id] ?? [:], to: view) {
                privateViews[id] = view
                send(ServerFrame.patch(seq: seq, patch: patch), to: Array((connections[id] ?? []).subtracting(awaiting)))
            }
        }
        let resynced = resync
        touched.removeAll()
        resync.removeAll()
        for id in resynced {
            if let open = connections[id] { sendSnapshot(to: id, connections: Array(open.subtracting(awaiting))) }
        }
    }

    private var hasPrivateActivityViews: Bool {
        engine.registry.driver(committed.step.activity)?.manifest.hasPrivateViews ?? false
    }

    /// The whole document (shared view of their audience plus their `me`) as last flushed.
    func sendSnapshot(to id: ParticipantID, connections recipients: [ConnectionID]) {
        flushNow()
        guard let member = committed.members[id], !recipients.isEmpty else { return }
        let audience = member.role.audience
        let shared = sharedViews[audience] ?? engine.view(of: committed, for: audience)
        let me = engine.privateView(of: committed, for: id)
        privateViews[id] = me
        let view = MergePatch.apply(me, to: shared)
        send(ServerFrame.snapshot(seq: flushedSeq == 0 ? committed.seq : flushedSeq, epoch: epoch, view: view), to: recipients)
    }
}
