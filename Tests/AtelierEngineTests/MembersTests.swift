import AtelierEngine
import AtelierKit
import Testing

@Suite struct JoinTests {
    @Test(arguments: [
        ("Ana", "Ana"),
        ("  Ana  ", "Ana"),
        ("Ana    Maria", "Ana Maria"),
        (" \t Ana \n\n Maria \r\n", "Ana Maria"),
        ("Ana\nMaria", "Ana Maria"),
        ("Ana\u{0007}\u{0000}Maria", "AnaMaria"),
        ("Zoé  Léa-Noël", "Zoé Léa-Noël"),
    ])
    func namesAreTrimmedAndCollapsed(raw: String, expected: String) throws {
        var host = TestHost()
        let id = try host.join(raw)
        #expect(try host.member(id).name == expected)
    }

    @Test(arguments: ["", "   ", "\n\t", "\u{0001}\u{0002}"])
    func namesWithNothingPrintableAreRefused(_ raw: String) {
        var host = TestHost()
        #expect(host.system(.join(name: raw, role: .participant, tokenHash: "t")).code == .badRequest)
        #expect(host.log.count == 1)
    }

    @Test func namesAreCappedAtSixtyCharactersWithoutTrailingSpace() throws {
        var host = TestHost()
        let long = try host.join(String(repeating: "x", count: 100))
        #expect(try host.member(long).name == String(repeating: "x", count: DisplayName.maxLength))
        let cut = try host.join(String(repeating: "a", count: 59) + " bcdef")
        #expect(try host.member(cut).name == String(repeating: "a", count: 59))
    }

    @Test func namesAreUniqueCaseInsensitively() throws {
        var host = TestHost()
        let ids = try ["Ana", "ana", "ANA", "Ana (2)", "Léo"].map { try host.join($0) }
        #expect(try ids.map { try host.member($0).name } == ["Ana", "ana (2)", "ANA (3)", "Ana (2) (2)", "Léo"])
    }

    @Test func suffixedNamesStayWithinTheCapAndTidy() throws {
        var host = TestHost()
        let base = String(repeating: "n", count: 60)
        try host.join(base)
        let twin = try host.join(base)
        #expect(try host.member(twin).name == String(repeating: "n", count: 56) + " (2)")
        let spaced = String(repeating: "m", count: 55) + " word"
        try host.join(spaced)
        let spacedTwin = try host.join(spaced)
        let name = try host.member(spacedTwin).name
        #expect(name.count <= DisplayName.maxLength)
        #expect(name == String(repeating: "m", count: 55) + " (2)")
    }

    @Test func aRemovedMembersNameIsFreeAgain() throws {
        var host = try Fixtures.workshop()
        try host.accept(.remove(Member.participant), by: Member.lead)
        let again = try host.join("Paul")
        #expect(try host.member(again).name == "Paul")
    }

    @Test func idsFollowJoinOrderAndAreNeverReused() throws {
        var host = TestHost()
        let first = try ["A", "B", "C"].map { try host.join($0) }
        #expect(first == ["p1", "p2", "p3"])
        #expect(host.state.joinOrder == ["p1", "p2", "p3"])
        host.commit([.participantRemoved(id: "p2")], actor: nil, commandID: nil)
        #expect(try host.join("D") == "p4")
    }

    @Test func joinsBeyondMaxParticipantsAreAConflictUntilSomeoneIsRemoved() throws {
        var host = TestHost(setup: Fixtures.setup(maxParticipants: 3))
        let lead = try host.join("Fanny", as: .facilitator)
        try host.join("Paul")
        try host.join("Olga", as: .observer)
        #expect(host.system(.join(name: "Late", role: .participant, tokenHash: "t")).code == .conflict)
        try host.accept(.remove("p2"), by: lead)
        #expect(try host.join("Late") == "p4")
    }

    @Test func theJoinEventCarriesRoleAndTokenHash() throws {
        var host = TestHost()
        let events = try host.system(.join(name: " Olga ", role: .observer, tokenHash: "h123")).get()
        #expect(events == [.participantJoined(id: "p1", name: "Olga", role: .observer, tokenHash: "h123")])
        let olga = try host.member("p1")
        #expect(olga.role == .observer && olga.tokenHash == "h123" && !olga.online && !olga.removed)
        #expect(olga.roleSince == host.state.seq)
    }
}

@Suite struct PresenceTests {
    @Test func presenceEventsOnlyOnChange() throws {
        var host = try Fixtures.workshop()
        #expect(try host.system(.setPresence(Member.participant, online: false)).get() == [])
        #expect(
            try host.system(.setPresence(Member.participant, online: true)).get()
                == [.presenceChanged(id: "p3", online: true)])
        #expect(try host.system(.setPresence(Member.participant, online: true)).get() == [])
        #expect(try host.member(Member.participant).online)
        #expect(
            try host.system(.setPresence(Member.participant, online: false)).get()
                == [.presenceChanged(id: "p3", online: false)])
    }

    @Test func presenceOfRemovedOrUnknownMembers() throws {
        var host = try Fixtures.workshop()
        #expect(try host.system(.setPresence(Member.participant, online: true)).get().count == 1)
        try host.accept(.remove(Member.participant), by: Member.lead)
        #expect(try host.member(Member.participant).online == false)
        #expect(try host.system(.setPresence(Member.participant, online: true)).get() == [])
        #expect(host.system(.setPresence("p42", online: true)).code == .notFound)
    }
}

@Suite struct HandsTests {
    @Test func handsQueueInRaiseOrderWithoutDuplicates() throws {
        var host = try Fixtures.workshop()
        let third = try host.join("Quentin")
        for who in [Member.otherParticipant, Member.participant, third] { try host.accept(.raiseHand, by: who) }
        #expect(try host.accept(.raiseHand, by: Member.participant) == [])
        #expect(host.state.hands == ["p5", "p3", "p6"])
        try host.accept(.lowerHand(nil), by: Member.participant)
        #expect(host.state.hands == ["p5", "p6"])
        #expect(try host.accept(.lowerHand(nil), by: Member.participant) == [])
        try host.accept(.raiseHand, by: Member.participant)
        #expect(host.state.hands == ["p5", "p6", "p3"])
        try host.accept(.lowerHand("p5"), by: Member.lead)
        #expect(host.state.hands == ["p6", "p3"])
    }

    @Test(arguments: [Role.observer, .cofacilitator])
    func leavingTheParticipantRoleLowersTheHand(_ role: Role) throws {
        var host = try Fixtures.workshop()
        try host.accept(.raiseHand, by: Member.participant)
        try host.accept(.setRole(Member.participant, role), by: Member.lead)
        #expect(host.state.hands.isEmpty)
        #expect(try host.member(Member.participant).role == role)
    }
}

@Suite struct HandOverAndRemoveTests {
    @Test func handOverMakesTheOldLeadACoFacilitator() throws {
        var host = try Fixtures.workshop()
        try host.accept(.raiseHand, by: Member.participant)
        #expect(try host.accept(.handOver(Member.participant), by: Member.lead) == [.leadHandedOver(from: "p1", to: "p3")])
        #expect(try host.member(Member.lead).role == .cofacilitator)
        #expect(try host.member(Member.participant).role == .facilitator)
        #expect(host.state.lead == Member.participant)
        #expect(host.state.hands.isEmpty)
        #expect(try host.member(Member.lead).roleSince == host.state.seq)
        #expect(host.decide(.handOver(Member.lead), by: Member.lead).code == .forbidden)
        #expect(try host.accept(.handOver(Member.lead), by: Member.participant) == [.leadHandedOver(from: "p3", to: "p1")])
        #expect(host.state.lead == Member.lead)
        #expect(host.state.roster.values.filter { $0 == .facilitator }.count == 1)
    }

    @Test func removeLowersTheHandAndHidesTheMember() throws {
        var host = try Fixtures.workshop()
        #expect(try host.system(.setPresence(Member.participant, online: true)).get().count == 1)
        try host.accept(.raiseHand, by: Member.participant)
        #expect(try host.accept(.remove(Member.participant), by: Member.cofacilitator) == [.participantRemoved(id: "p3")])
        let removed = try host.member(Member.participant)
        #expect(removed.removed && !removed.online)
        #expect(host.state.hands.isEmpty)
        #expect(host.state.roster[Member.participant] == nil)
        for audience in Audience.allCases {
            let members = try #require(host.engine.view(of: host.state, for: audience)["members"]?.objectValue)
            #expect(members["p3"] == nil)
            #expect(members.count == 4)
        }
        #expect(host.engine.privateView(of: host.state, for: Member.participant)["me"]?["removed"] == true)
    }
}

@Suite struct JoinCodeTests {
    @Test func codesUseSixCharactersWithoutLookAlikes() {
        #expect(JoinCode.alphabet.count == 31)
        #expect(!JoinCode.alphabet.contains { "IL01O".contains($0) })
        #expect(JoinCode.make(from: [0, 1, 2, 30, 31, 255, 99]) == "ABC9A" + String(JoinCode.alphabet[255 % 31]))
        let code = JoinCode.make(from: Array(0...200).map { UInt8($0) })
        #expect(code.count == JoinCode.length && code.allSatisfy(JoinCode.alphabet.contains))
    }

    @Test(arguments: [
        ("ABCDEF", "ABCDEF"), ("abcdef", "ABCDEF"), ("abc-def", "ABCDEF"), (" AB CD EF ", "ABCDEF"), ("k7m-p2q", "K7MP2Q"),
        ("ABCDE", nil), ("ABCDEFG", nil), ("ABCDE0", nil), ("ABCDEI", nil), ("ABCDÉF", nil), ("", nil), ("ABC_DEF", nil),
    ])
    func typedCodesAreNormalised(typed: String, expected: String?) {
        #expect(JoinCode.normalize(typed) == expected)
    }
}
