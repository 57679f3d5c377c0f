import AtelierEngine
import AtelierKit
import Foundation
import PropertyBased
import TestSupport
import Testing

/// The determinism property: whatever members and the shell do, folding the log up to any
/// point rebuilds exactly the state the live session had at that point.
@Suite struct ReplayPropertyTests {
    /// A batch of scripts drawn from one seed.
    struct Batch: Sendable, CustomTestStringConvertible {
        let seed: UInt64
        let scripts: Int
        let length: ClosedRange<Int>
        var testDescription: String { "seed \(seed): \(scripts) scripts of \(length) actions" }
    }

    /// 360 scripts of up to 60 actions, and 20 long ones, in batches that run in parallel.
    static let batches: [Batch] =
        (1...6).map { Batch(seed: $0, scripts: 60, length: 1...60) } + [Batch(seed: 7, scripts: 20, length: 150...250)]

    /// What one batch exercised, for coverage checks.
    struct Coverage {
        var events: Set<String> = []
        var rejections: Set<ErrorCode> = []
        var longestLog = 0
    }

    @Test(arguments: batches)
    func foldOfEveryLogPrefixEqualsTheLiveState(_ batch: Batch) throws {
        var coverage = Coverage()
        let scripts = Seeded.samples(ReplayAction.script(length: batch.length), count: batch.scripts, seed: batch.seed)
        for (index, script) in scripts.enumerated() {
            if let failed = try Self.run(script, coverage: &coverage) {
                Issue.record("seed \(batch.seed), script \(index): \(failed)\nscript: \(script)")
                return
            }
        }
        // The batch must have grown real logs and exercised every event and every rejection
        // the engine can give.
        #expect(coverage.longestLog > batch.length.upperBound / 5)
        let missingEvents = Self.everyEvent.subtracting(coverage.events)
        #expect(missingEvents.isEmpty, "never produced: \(missingEvents)")
        let engineCodes = Set(ErrorCode.allCases).subtracting([.tooLarge, .rateLimited, .unavailable, .internal])
        let missingCodes = engineCodes.subtracting(coverage.rejections)
        #expect(missingCodes.isEmpty, "never refused with: \(missingCodes)")
    }

    static let everyEvent: Set<String> = [
        "participantJoined", "presenceChanged", "roleChanged", "leadHandedOver", "participantRemoved", "handRaised",
        "handLowered", "stepChanged", "timerStarted", "timerPaused", "timerResumed", "timerExtended", "timerReset",
        "timerElapsed", "activity",
    ]

    /// Runs one script on a fresh session (a lead and two participants first); returns the first
    /// violation found, or nil.
    static func run(_ script: [ReplayAction], coverage: inout Coverage) throws -> String? {
        var host = TestHost(setup: Fixtures.setup(maxParticipants: 8), recordsHistory: true)
        try host.join("Fanny", as: .facilitator)
        try host.join("Paul")
        try host.join("Pia")
        var views = Audience.allCases.map { host.engine.view(of: host.state, for: $0) }
        for (step, action) in script.enumerated() {
            switch action.perform(on: &host) {
            case .success(let events): coverage.events.formUnion(events.map(\.caseName))
            case .failure(let rejection): coverage.rejections.insert(rejection.code)
            }
            if let broken = invariantViolation(in: host, views: &views) {
                return "after action \(step) (\(action)): \(broken)"
            }
        }
        coverage.longestLog = max(coverage.longestLog, host.log.count)
        #expect(host.history.count == host.log.count)
        for k in 1...host.log.count where host.engine.fold(Array(host.log.prefix(k))) != host.history[k - 1] {
            return "fold of the first \(k) events differs from the live state after seq \(k)"
        }
        let bytes = try JSONEncoder().encode(host.log)
        let decoded = try JSONDecoder().decode([EventEnvelope].self, from: bytes)
        if decoded != host.log { return "the log does not survive JSON encoding" }
        if host.engine.fold(decoded) != host.state { return "fold of the decoded log differs from the live state" }
        return nil
    }

    /// Checks the session's invariants; `views` holds the previous views and is updated.
    static func invariantViolation(in host: TestHost, views: inout [JSONValue]) -> String? {
        let state = host.state
        if host.log.map(\.seq) != Array(1...host.log.count) || state.seq != host.log.count { return "seq not dense from 1" }
        let facilitators = state.roster.filter { $0.value == .facilitator }.map(\.key)
        if facilitators.count != 1 || state.lead != facilitators.first {
            return "facilitators \(facilitators), lead \(String(describing: state.lead))"
        }
        if Set(state.hands).count != state.hands.count { return "duplicate hands \(state.hands)" }
        if let bad = state.hands.first(where: { state.roster[$0] != .participant }) {
            return "hand of non-participant \(bad)"
        }
        if !state.setup.agenda.indices.contains(state.currentStep) {
            return "current step \(state.currentStep) out of range"
        }
        if state.activities.count != state.setup.agenda.count { return "one activity state per step" }
        if state.joinOrder.count != state.members.count || Set(state.joinOrder) != Set(state.members.keys) {
            return "join order \(state.joinOrder) does not list the members"
        }
        if state.joinOrder != (0..<state.joinOrder.count).map({ ParticipantID("p\($0 + 1)") }) {
            return "ids not p1, p2 … in join order: \(state.joinOrder)"
        }
        let names = state.members.values.filter { !$0.removed }.map { $0.name.lowercased() }
        if Set(names).count != names.count { return "duplicate names \(names.sorted())" }
        if let bad = state.members.values.first(where: { $0.name != DisplayName.clean($0.name) }) {
            return "untidy name \"\(bad.name)\""
        }
        if let broken = timerViolation(state.timer) { return broken }
        let current = Audience.allCases.map { host.engine.view(of: state, for: $0) }
        let ready = current[0]["activity"]?["view"]?["ready"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if ready.sorted() != ready || Set(ready).count != ready.count { return "briefing ready list \(ready)" }
        for (audience, (old, new)) in zip(Audience.allCases, zip(views, current)) {
            if !new.nullPaths.isEmpty { return "null in the \(audience) view at \(new.nullPaths)" }
            let patched = MergePatch.diff(from: old, to: new).map { MergePatch.apply($0, to: old) } ?? old
            if patched != new { return "the \(audience) view patch does not reproduce the view" }
        }
        views = current
        for id in state.joinOrder where !host.engine.privateView(of: state, for: id).nullPaths.isEmpty {
            return "null in the private view of \(id)"
        }
        return nil
    }

    static func timerViolation(_ timer: TimerState) -> String? {
        let consistent =
            switch timer.status {
            case .idle: timer.deadline == nil && timer.remainingMs == nil
            case .running: timer.deadline != nil && timer.remainingMs == nil
            case .paused: timer.deadline == nil && (timer.remainingMs ?? -1) >= 0
            case .elapsed: timer.deadline == nil && timer.remainingMs == 0
            }
        return consistent && timer.durationMs >= 0 && timer.run >= 0 ? nil : "inconsistent timer \(timer)"
    }
}
