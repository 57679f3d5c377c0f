import Testing

@testable import AtelierServer

@Suite struct QRCodeTests {
    /// The 7×7 finder pattern: a dark ring, a light ring, a dark 3×3 centre.
    func hasFinder(_ code: QRCode, row: Int, column: Int) -> Bool {
        (0..<7).allSatisfy { r in
            (0..<7).allSatisfy { c in
                let ring = max(abs(r - 3), abs(c - 3))
                return code.isDark(row: row + r, column: column + c) == (ring != 2)
            }
        }
    }

    @Test func aJoinLinkGivesAValidSymbolWithItsThreeFinderPatterns() throws {
        let code = try QRCode(encoding: "http://127.0.0.1:8080/join/K7MQ2X")
        #expect(code.size >= 21 && (code.size - 17) % 4 == 0)
        #expect(code.modules.count == code.size * code.size)
        #expect(hasFinder(code, row: 0, column: 0))
        #expect(hasFinder(code, row: 0, column: code.size - 7))
        #expect(hasFinder(code, row: code.size - 7, column: 0))
        #expect(!hasFinder(code, row: code.size - 7, column: code.size - 7))
    }

    @Test func longerTextsNeedLargerSymbolsAndTheLimitsAreEnforced() throws {
        let short = try QRCode(encoding: "https://a.example/join/K7MQ2X")
        let long = try QRCode(encoding: "https://" + String(repeating: "a", count: 300) + ".example/join/K7MQ2X")
        #expect(long.size > short.size)
        #expect(throws: QRCode.Failure.unsupportedLength(0)) { try QRCode(encoding: "") }
        #expect(throws: QRCode.Failure.unsupportedLength(QRCode.maxBytes + 1)) {
            try QRCode(encoding: String(repeating: "x", count: QRCode.maxBytes + 1))
        }
    }

    @Test func theSVGDrawsEveryDarkModuleOnceWithAQuietZoneAndEscapesTheTitle() throws {
        let code = try QRCode(encoding: "http://h/join/K7MQ2X")
        let svg = code.svg(title: "a<b&\"c\"")
        let side = code.size + 8
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("<title>a&lt;b&amp;&quot;c&quot;</title>"))
        #expect(!svg.contains("style") && !svg.contains("<script"))
        // Sum the widths of the drawn runs: exactly the number of dark modules.
        let runs = svg.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(runs.reduce(0, +) == code.modules.filter { $0 }.count)
        // Nothing is drawn inside the quiet zone.
        #expect(!svg.contains("M0 ") && !svg.contains("M3 "))
    }

    @Test func hostsAreCheckedBeforeTheyGoIntoALink() {
        #expect(WebAppRoutes.isPlausibleHost("127.0.0.1:8080"))
        #expect(WebAppRoutes.isPlausibleHost("[::1]:8080"))
        #expect(WebAppRoutes.isPlausibleHost("atelier.example.org"))
        #expect(!WebAppRoutes.isPlausibleHost(""))
        #expect(!WebAppRoutes.isPlausibleHost("evil\"><script>"))
        #expect(!WebAppRoutes.isPlausibleHost("a b"))
        #expect(!WebAppRoutes.isPlausibleHost("é.example"))
    }
}
