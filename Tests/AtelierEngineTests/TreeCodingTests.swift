import AtelierEngine
import AtelierKit
import Foundation
import TestSupport
import Testing

/// The direct tree coders write and read exactly what Foundation's coders did, for every
/// event, envelope and snapshot the engine produces.
@Suite struct TreeCodingTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func check<T: Codable & Equatable>(_ value: T) throws {
        let foundation = Array(try Self.encoder.encode(value))
        let tree = try JSONValueEncoder().encode(value)
        #expect(JSONWriter.bytes(tree) == foundation, "\(String(decoding: foundation, as: UTF8.self))")
        #expect(tree == (try JSONParser().parse(foundation)))
        #expect(try JSONValueDecoder().decode(T.self, from: tree) == value)
        #expect(try JSONDecoder().decode(T.self, from: Data(JSONWriter.bytes(tree))) == value)
    }

    @Test func logsAndSnapshotsOfScriptedSessionsCodeAsBefore() throws {
        var checked = 0
        for script in Seeded.samples(ReplayAction.script(length: 20...80), count: 120, seed: 21) {
            var host = TestHost()
            for action in script { _ = action.perform(on: &host) }
            for envelope in host.log {
                try check(envelope)
                #expect(try envelope.tree() == (try JSONValueEncoder().encode(envelope)))
                #expect(try envelope.encoded() == JSONWriter.bytes(try envelope.tree()))
                try check(envelope.event)
            }
            try check(try host.engine.snapshot(of: host.state))
            checked += host.log.count
        }
        #expect(checked > 500)
    }

    @Test func directlyWrittenEnvelopesHaveTheTreeBytes() throws {
        let payloads: [JSONValue] = [["readyMarked": ["_0": "p3"]], ["t": "é\"\\\n\u{1}/😀"], [], 1, .null]
        for (index, payload) in payloads.enumerated() {
            for (actor, command) in [(ParticipantID?("p12"), String?("c-\"1\"")), (nil, nil), ("p1", nil), (nil, "x")] {
                for event in [SessionEvent.activity(step: index, event: payload), .commandAcknowledged, .timerReset,
                    .participantJoined(id: "p9", name: "Zoé \"Z\"", role: .observer, tokenHash: "h")]
                {
                    let envelope = EventEnvelope(seq: 1 << 40, at: -5, actor: actor, commandID: command, event: event)
                    #expect(try envelope.encoded() == JSONWriter.bytes(try envelope.tree()), "\(envelope)")
                }
            }
        }
    }

    @Test func numbersAndOptionalsFollowTheFoundationText() throws {
        struct Sample: Codable, Equatable {
            var whole: Double = 3
            var fraction: Double = 0.25
            var huge: Double = 1e20
            var small: Int8 = -4
            var big: UInt64 = 1 << 40
            var absent: String? = nil
            var present: String? = "x"
            var nested: [[String: Int]] = [["b": 2, "a": 1], [:]]
            var tree: JSONValue = ["k": [1, "two", nil, true]]
        }
        try check(Sample())
        #expect(try JSONValueEncoder().encode(Sample())["whole"] == .int(3))
        #expect(try JSONValueEncoder().encode(Sample())["absent"] == nil)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: .double(1.5)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(String.self, from: .int(1)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: ["whole": 1]) }
    }
}

/// Folding the events of a decision from their typed values gives exactly the plain fold.
@Suite struct DecodedActivityEventsTests {
    @Test func eventsDecidedWithTheirTypedValuesFoldAsTheirJSON() throws {
        let host = try Fixtures.workshop()
        let engine = host.engine
        var plain = host.state
        var fast = host.state
        var decoded = DecodedActivityEvents()
        let commands: [(SessionCommand, ParticipantID)] = [
            (.briefing("markReady"), Member.participant), (.briefing("markReady"), Member.otherParticipant),
            (.briefing("markNotReady"), Member.participant), (.briefing("resetReady"), Member.lead),
            (.briefing("updateInstructions", ["text": "Lisez", "link": ""]), Member.lead), (.raiseHand, Member.participant),
            (.briefing("markReady"), Member.observer),
        ]
        for (index, (command, actor)) in commands.enumerated() {
            let context = EngineContext(now: Fixtures.t0)
            let expected = engine.decide(command, by: actor, in: plain, context: context)
            let events = engine.decide(command, by: actor, in: fast, context: context, decoded: &decoded)
            #expect(events == expected)
            for event in (try? events.get()) ?? [] {
                let envelope = EventEnvelope(seq: plain.seq + 1, at: Fixtures.t0, actor: actor, commandID: "c\(index)", event: event)
                engine.apply(envelope, to: &plain)
                engine.apply(envelope, to: &fast, decoded: &decoded)
            }
            #expect(fast == plain)
            #expect(decoded.count == 0, "every decided event was applied from its typed value")
        }
        #expect(plain.activities != host.state.activities)
    }
}
