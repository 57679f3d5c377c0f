import AtelierKit
import Foundation
import Testing
import ThemeRound

/// The replay property of the theme round.
extension ThemeRoundTests {
    /// Random intents by random members, with time passing and people arriving and
    /// leaving: folding the logged events (through their JSON form) rebuilds the live
    /// state at every prefix, and the state survives its own snapshot encoding.
    @Test(arguments: UInt64(1)...8)
    func replayEqualsLive(seed: UInt64) throws {
        var dice = Dice(seed)
        var run = Run(["by": dice.pick(["person", "territory"]), "order": dice.pick(["join", "random"]), "dots": 2,
                       "talking_stick": .bool(dice.next() % 2 == 0), "auto_advance": .bool(dice.next() % 2 == 0)])
        var checkpoints: [(count: Int, state: TR.State)] = [(0, run.state)]
        for _ in 0..<600 {
            run.now += Int64(dice.next() % 40_000)
            // The lead a third of the time (most intents are theirs), anyone otherwise.
            let actor = dice.next() % 3 == 0 ? Self.lead : dice.pick(run.joinOrder)
            let member = dice.pick(run.joinOrder + ["p99"])
            let card = run.state.rounds.last?.cards.randomElement(using: &dice)?.id ?? 1
            let intent: TR.Intent = dice.pick([
                .startRound(theme: "Thème \(dice.next() % 8)"), .startRound(theme: "Météo"), .endRound, .next, .next, .finish, .pass,
                .giveFloor(member), .extend(seconds: 30), .skip(member), .bringBack(member),
                .move(member, position: Int(dice.next() % 3)), .pair(member, with: dice.pick(run.joinOrder)),
                .unpair(member), .post(text: "Carte \(dice.next() % 100)"), .removeCard(card: card), .dot(card: card),
                .undot(card: card), .addHeading(title: "Rubrique"), .renameHeading(heading: card + 1, title: "R"),
                .group(card: card, heading: card + 1),
            ])
            if case .success(let events) = run.decide(intent, by: actor, random: dice.next()) { run.fold(events) }
            switch dice.next() % 10 {
            case 0:  // someone arrives
                let id = ParticipantID("p\(20 + run.joinOrder.count)")
                run.roster[id] = .participant
                run.joinOrder.append(id)
                run.fold(TR.welcoming(id, in: run.state, at: run.now))
            case 1:  // someone leaves
                let present = run.joinOrder.filter { run.roster[$0] == .participant }
                guard !present.isEmpty else { break }
                let id = dice.pick(present)
                run.fold(TR.forgetting(id, in: run.state, at: run.now))
                run.roster[id] = nil
            case 2:  // the clock reaches the alarm
                if let alarm = TR.alarm(of: run.state) { run.fold(TR.clockReached(max(alarm, run.now), in: run.state)) }
            default: break
            }
            checkpoints.append((run.events.count, run.state))
        }
        #expect(run.events.count > 60, "the script should have done things")
        let logged = try JSONDecoder().decode([TR.Event].self, from: JSONEncoder().encode(run.events))
        for (count, live) in checkpoints {
            var replayed = Run(run.settingsForReplay).state
            for event in logged.prefix(count) { TR.apply(event, to: &replayed) }
            #expect(replayed == live, "after \(count) events")
            if replayed != live { return }
        }
        let snapshot = try JSONDecoder().decode(TR.State.self, from: JSONEncoder().encode(run.state))
        #expect(snapshot == run.state)
    }
}

extension ThemeRoundTests.Run {
    /// The settings this run started with, as values, to start a replay the same way.
    var settingsForReplay: [String: JSONValue] {
        [
            "by": .string(state.config.grouping.rawValue), "order": .string(state.config.ordering.rawValue),
            "dots": .int(state.config.dots), "talking_stick": .bool(state.config.talkingStick),
            "auto_advance": .bool(state.config.autoAdvance),
        ]
    }
}

/// The seeded generator of the property tests (Kit's SplitMix64), with a pick.
typealias Dice = SplitMix64

extension SplitMix64 {
    init(_ seed: UInt64) { self.init(seed: seed) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
