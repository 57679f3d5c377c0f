import AtelierKit
import Foundation
import Testing
import ThemeRound

/// Cards of a round: who may post them, dots, headings.
extension ThemeRoundTests {
    @Test func theSpeakerAndTheScribePostCardsOthersDoNot() throws {
        var run = Run()
        try run.accept(.startRound(theme: "Tiers lieux & dialogue territorial"), by: Self.lead)
        #expect(run.decide(.post(text: "Avant mon tour"), by: Self.ana).code == .invalidState)
        try run.accept(.next, by: Self.lead)
        try run.accept(.post(text: "Un tiers lieu fédère les acteurs"), by: Self.ana)
        try run.accept(.post(text: "Noté par l'animatrice"), by: Self.lead)
        #expect(run.round?.cards.map(\.speaker) == [Self.ana, Self.ana])
        #expect(run.round?.cards.map(\.author) == [Self.ana, Self.lead])
        #expect(run.decide(.post(text: "Moi aussi"), by: Self.bruno).code == .invalidState)
        #expect(run.decide(.post(text: "Je regarde"), by: Self.observer).code == .forbidden)
        #expect(run.decide(.post(text: String(repeating: "x", count: TR.Limits.card + 1)), by: Self.ana).code == .tooLarge)
        #expect(run.decide(.post(text: " \n "), by: Self.ana).code == .badRequest)
        var noScribe = Run(["scribe": false])
        try noScribe.accept(.startRound(theme: "Météo"), by: Self.lead)
        try noScribe.accept(.next, by: Self.lead)
        #expect(noScribe.decide(.post(text: "Scribe"), by: Self.lead).code == .forbidden)
        // Removing: the author or a facilitator.
        let card = try #require(run.round?.cards.first?.id)
        #expect(run.decide(.removeCard(card: card), by: Self.bruno).code == .forbidden)
        try run.accept(.removeCard(card: card), by: Self.ana)
        #expect(run.round?.cards.count == 1)
        #expect(run.decide(.removeCard(card: card), by: Self.lead).code == .notFound)
    }

    @Test func dotsAreCountedPerPersonAndLimitedWhenTheSettingsSaySo() throws {
        var run = Run(["dots": 2])
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead)
        for text in ["Un", "Deux", "Trois"] { try run.accept(.post(text: text), by: Self.ana) }
        let ids = run.round!.cards.map(\.id)
        try run.accept(.dot(card: ids[0]), by: Self.bruno)
        #expect(try run.accept(.dot(card: ids[0]), by: Self.bruno) == [])  // once per card
        try run.accept(.dot(card: ids[1]), by: Self.bruno)
        #expect(run.decide(.dot(card: ids[2]), by: Self.bruno).code == .invalidState)
        #expect(TR.privateView(of: run.state, for: Self.bruno) == ["dotted": [.int(ids[0]), .int(ids[1])], "dotsLeft": 0])
        try run.accept(.undot(card: ids[0]), by: Self.bruno)
        try run.accept(.dot(card: ids[2]), by: Self.bruno)
        try run.accept(.dot(card: ids[2]), by: Self.lead)
        #expect(run.round?.cards.map(\.dots.count) == [0, 1, 2])
        #expect(run.decide(.dot(card: ids[2]), by: Self.observer).code == .forbidden)
        #expect(run.decide(.dot(card: 999), by: Self.bruno).code == .notFound)
    }

    @Test func theFacilitatorGroupsCardsUnderHeadingsAndRenamesThem() throws {
        var run = Run()
        try run.accept(.startRound(theme: "Météo"), by: Self.lead)
        try run.accept(.next, by: Self.lead)
        try run.accept(.post(text: "Fatigue"), by: Self.ana)
        let card = run.round!.cards[0].id
        #expect(run.decide(.addHeading(title: "Énergie"), by: Self.ana).code == .forbidden)
        try run.accept(.addHeading(title: "Énergie"), by: Self.lead)
        let heading = run.round!.headings[0].id
        #expect(heading != card)
        try run.accept(.group(card: card, heading: heading), by: Self.lead)
        #expect(run.decide(.group(card: card, heading: 777), by: Self.lead).code == .notFound)
        try run.accept(.renameHeading(heading: heading, title: "État d'esprit"), by: Self.lead)
        #expect(run.round?.headings.map(\.title) == ["État d'esprit"])
        #expect(run.round?.cards[0].heading == heading)
        try run.accept(.group(card: card, heading: nil), by: Self.lead)
        #expect(run.round?.cards[0].heading == nil)
    }
}
