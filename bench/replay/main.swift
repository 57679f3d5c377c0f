// The replay benchmark: a session of EVENTS events (20 members; theme rounds with turns,
// cards and dots; hands; timers) is decided and logged through the engine, then the
// ReplayIndex is built and asked for the view at QUERIES random moments, as participants
// and as one member. In the same run, the naive way: folding the log from its start.
// Prints one JSON object.
//
//     AtelierReplayBenchmark EVENTS QUERIES

import AtelierEngine
import AtelierKit
import Briefing
import Foundation
import ThemeRound

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let target = arguments.first ?? 100_000
let queries = arguments.dropFirst().first ?? 200

let engine = SessionEngine(registry: ActivityRegistry([Briefing.self, ThemeRound.self]))
var values: [String: JSONValue] = [:]
for spec in ThemeRound.manifest.settings { values[spec.key] = spec.defaultValue }
values["dots"] = .int(0)
let agenda = [AgendaStep(title: "Tour", activity: "theme-round", settings: ActivitySettings(values: values), timeboxSeconds: 3600)]
let setup = SessionSetup(
    id: "bench", title: "Replay benchmark", locale: "fr", templateID: "bench", joinCode: "ABCDEF",
    facilitatorKeyHash: "hash", agenda: agenda, maxParticipants: 50)
/// The session being recorded: decides like a host, stamps, applies and logs.
struct Recorder {
    let engine: SessionEngine
    var now: Int64 = 1_800_000_000_000
    var log: [EventEnvelope]
    var state: SessionState

    init(engine: SessionEngine, setup: SessionSetup) {
        self.engine = engine
        log = [EventEnvelope(seq: 1, at: now, actor: nil, commandID: nil, event: .sessionCreated(setup: setup))]
        state = engine.fold(log)!
    }

    mutating func commit(_ events: [SessionEvent], actor: ParticipantID?) {
        for event in events {
            let envelope = EventEnvelope(seq: state.seq + 1, at: now, actor: actor, commandID: nil, event: event)
            engine.apply(envelope, to: &state)
            log.append(envelope)
        }
    }

    mutating func system(_ command: SystemCommand) {
        if case .success(let events) = engine.decide(system: command, in: state, context: EngineContext(now: now)) { commit(events, actor: nil) }
    }

    mutating func send(_ intent: [String: JSONValue], by actor: ParticipantID) {
        let result = engine.decide(.activity(.object(intent)), by: actor, in: state, context: EngineContext(now: now, random: UInt64(now)))
        if case .success(let events) = result { commit(events, actor: actor) }
    }

    mutating func command(_ command: SessionCommand, by actor: ParticipantID) {
        if case .success(let events) = engine.decide(command, by: actor, in: state, context: EngineContext(now: now)) { commit(events, actor: actor) }
    }
}

var session = Recorder(engine: engine, setup: setup)
session.system(.join(name: "Animatrice", role: .facilitator, tokenHash: "t"))
for n in 1...19 { session.system(.join(name: "Participant \(n)", role: .participant, tokenHash: "t")) }
var round = 0
while session.log.count < target {
    round += 1
    session.send(["kind": "startRound", "theme": .string("Thème \(round)")], by: "p1")
    for turn in 0..<19 where session.log.count < target {
        session.now += 2_000
        session.send(["kind": "next"], by: "p1")
        let speaker = ParticipantID("p\(2 + turn)")
        for card in 0..<3 {
            session.now += 500
            session.send(["kind": "post", "text": .string("Idée \(round).\(turn).\(card) sur le territoire")], by: speaker)
        }
        session.command(.raiseHand, by: speaker)
        session.command(.lowerHand(nil), by: speaker)
    }
    let cards = (try? session.state.activities[0].tree())?["rounds"]?.arrayValue?.last?["cards"]?.arrayValue ?? []
    for (index, card) in cards.prefix(20).enumerated() {
        if let id = card["id"] { session.send(["kind": "dot", "card": id], by: ParticipantID("p\(2 + index % 19)")) }
    }
    session.send(["kind": "endRound"], by: "p1")
}
let log = session.log

func milliseconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

var index: ReplayIndex?
let buildMs = milliseconds { index = ReplayIndex(engine: engine, log: log) }
let replay = index!
var generator = SystemRandomNumberGenerator()
let moments = (0..<queries).map { _ in Int.random(in: 1...replay.lastSeq, using: &generator) }
var participant: [Double] = []
var member: [Double] = []
var bytes = 0
for seq in moments {
    participant.append(milliseconds { bytes = max(bytes, replay.view(at: seq, for: .participant).encodedBytes().count) })
    member.append(milliseconds { _ = replay.view(at: seq, of: "p5")?.encodedBytes() })
}
var naive: [Double] = []
for seq in moments.prefix(5) {
    naive.append(milliseconds { _ = engine.view(of: engine.fold(Array(log.prefix(seq)))!, for: .participant).encodedBytes() })
}
func summary(_ times: [Double]) -> JSONValue {
    let sorted = times.sorted()
    return ["median_ms": .double(sorted[sorted.count / 2]), "p99_ms": .double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]), "max_ms": .double(sorted.last!)]
}
let report: JSONValue = [
    "events": .int(replay.lastSeq), "queries": .int(queries), "build_ms": .double(buildMs),
    "participant": summary(participant), "member": summary(member), "naive_fold": summary(naive),
    "largest_view_bytes": .int(bytes), "stride": .int(ReplayIndex.stride),
]
FileHandle.standardOutput.write(Data(report.encodedBytes() + [0x0A]))
