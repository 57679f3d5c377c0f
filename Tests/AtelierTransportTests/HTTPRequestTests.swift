import Testing

@testable import AtelierTransport

@Suite struct HTTPRequestTests {
    @Test func queryItemsArePercentDecoded() {
        let request = HTTPRequest(method: .get, path: "/console", query: "token=a%2Bb&name=Cl%C3%A9o+M&empty=&flag")
        #expect(request.queryItems["token"] == "a+b")
        #expect(request.queryItems["name"] == "Cléo M")
        #expect(request.queryItems["empty"] == "")
        #expect(request.queryItems["flag"] == "")
    }

    @Test func malformedEscapesAreKeptAsTheyAre() {
        let request = HTTPRequest(method: .get, path: "/", query: "a=100%&b=%zz")
        #expect(request.queryItems["a"] == "100%")
        #expect(request.queryItems["b"] == "%zz")
    }

    @Test func closeCodeLabelsAreBounded() {
        #expect(CloseCode.messageTooBig.metricLabel == "1009")
        #expect(CloseCode(rawValue: 4001).metricLabel == "4001")
        #expect(CloseCode(rawValue: 3000).metricLabel == "other")
        #expect(CloseCode(rawValue: 65535).metricLabel == "other")
    }
}
