import Testing

@testable import AtelierServer

/// The engine's dice: repeatable from a seed, different across seeds, bits evenly spread.
@Suite struct DiceTests {
    private func rolls(_ dice: inout Dice, _ count: Int) -> [UInt64] { (0..<count).map { _ in dice.roll() } }

    @Test func aSeedGivesOneSequenceAndAnotherSeedAnother() {
        var first = Dice(seed: 42)
        var again = Dice(seed: 42)
        var other = Dice(seed: 43)
        let sequence = rolls(&first, 100)
        #expect(sequence == rolls(&again, 100))
        #expect(Set(sequence).isDisjoint(with: rolls(&other, 100)))
        var seeded = Dice()
        var seededToo = Dice()
        #expect(rolls(&seeded, 4) != rolls(&seededToo, 4), "the system seeds each host differently")
    }

    @Test func everyBitIsSetAboutHalfTheTime() {
        var dice = Dice(seed: 0)
        let sample = rolls(&dice, 20_000)
        #expect(Set(sample).count == sample.count)
        for bit in 0..<64 {
            let set = sample.filter { $0 & (1 << UInt64(bit)) != 0 }.count
            #expect((9_400...10_600).contains(set), "bit \(bit) set \(set) times in 20,000")
        }
    }
}
