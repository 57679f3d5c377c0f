import AtelierKit
import Testing

/// The Kit's text helpers the minutes quote with.
@Suite struct TextTests {
    @Test(arguments: [
        ("Un petit-déjeuner", 20, "Un petit-déjeuner"),  // fits: unchanged
        ("Un petit-déjeuner d'entreprises", 20, "Un petit-déjeuner…"),  // cut after a whole word
        ("Organiser, puis inviter", 12, "Organiser…"),  // no comma before the ellipsis
        ("Anticonstitutionnellement", 10, "Anticonst…"),  // one long word is cut inside
        ("Deux mots", 1, "…"),
        ("", 5, ""),
    ])
    func shortenedCutsAfterAWholeWord(text: String, limit: Int, expected: String) {
        #expect(text.shortened(to: limit) == expected)
        #expect(text.shortened(to: limit).count <= max(limit, 1))
    }

    @Test func onOneLineJoinsLinesAndSpaces() {
        #expect("  Un\n petit\t\tdéjeuner \r\n".onOneLine == "Un petit déjeuner")
        #expect(" \n ".onOneLine == "")
    }
}
