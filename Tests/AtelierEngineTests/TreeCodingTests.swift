import AtelierEngine
import AtelierKit
import Foundation
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
                try check(envelope.event)
            }
            try check(host.engine.snapshot(of: host.state))
            checked += host.log.count
        }
        #expect(checked > 500)
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
