import AtelierJSON
import Foundation
import PropertyBased
import TestSupport
import Testing

/// The direct parser and writer against the Foundation coders they replace.
@Suite struct JSONParserTests {
    /// What `JSONValue.parse` was before the direct parser: `JSONDecoder` through the
    /// trial-and-error `Decodable` conformance (kept there for stored logs).
    static func legacy(_ bytes: [UInt8]) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }

    static func parsed(_ bytes: [UInt8]) -> JSONValue? { try? JSONParser().parse(bytes) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test func validDocumentsGiveTheSameTreeAndTheSameBytes() throws {
        for value in Seeded.samples(AnyJSON.document, count: 3000, seed: 11) {
            let foundation = Array(try Self.encoder.encode(value))
            #expect(JSONWriter.bytes(value) == foundation, "\(String(decoding: foundation, as: UTF8.self))")
            #expect(Self.parsed(foundation) == value)
            #expect(Self.parsed(foundation) == Self.legacy(foundation))
            let serialized = try JSONSerialization.data(withJSONObject: AnyJSON.foundationObject(value), options: [.fragmentsAllowed])
            #expect(Self.parsed(Array(serialized)) == Self.legacy(Array(serialized)))
        }
    }

    @Test func damagedDocumentsAreRejectedOrReadExactlyAsBefore() throws {
        var rng = Xoshiro(seed: (5, 0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB))
        let alphabet = Array(#"{}[],:"\ -+.eE0123456789tfnulrsa/"#.utf8) + [0x09, 0x0A, 0x1F, 0xC3, 0xA9, 0xFF, 0x80, 0xED, 0xA0]
        for value in Seeded.samples(AnyJSON.document, count: 6000, seed: 12) {
            var bytes = Array(try Self.encoder.encode(JSONValue.object(["v": value])))
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                switch Int.random(in: 0...2, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = alphabet.randomElement(using: &rng)!
                case 1: bytes.insert(alphabet.randomElement(using: &rng)!, at: Int.random(in: 0...bytes.count, using: &rng))
                default: if bytes.count > 1 { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng)) }
                }
            }
            let before = Self.legacy(bytes)
            if case .object = before, Self.hasLargeFractionalNumber(bytes) { continue }  // documented difference
            guard case .object = before ?? .object([:]) else { continue }  // top-level scalars: never a message
            #expect(Self.parsed(bytes) == before, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    @Test(arguments: [
        "", " ", "[", "]", "{", "[1 2]", "[,]", "[1,,]", "{,}", #"{"a" 1}"#, "{1:2}", "01", "-01", "1.", ".5", "+1",
        "-", "1e", "1e+", "1E400", "NaN", "Infinity", "tru", "nul", "[1] x", #""\x""#, #""\u12""#, #""\uD83D\u0041""#,
        #""\uDE00""#, "\"\t\"", "\"a", #"{"a":1"#,
    ])
    func malformedTextIsRejectedAsBefore(_ text: String) {
        #expect(Self.legacy(Array(text.utf8)) == nil)
        #expect(Self.parsed(Array(text.utf8)) == nil)
    }

    @Test func edgeCasesReadAsBefore() {
        for text in [
            "1.0", "1e2", "-0", "-0.0", "1.5", "1e-400", "12345678901234567890", "-9223372036854775808",
            "9223372036854775808", "3.0e0", "2.5e-1", "[1,]", #"{"a":1,}"#, #"{"a":1,"a":2}"#, "\u{FEFF}{}",
            #""\u0000\ud83d\ude00\/""#, " \r\n\t{} ", "1e308",
        ] {
            #expect(Self.parsed(Array(text.utf8)) == Self.legacy(Array(text.utf8)), "\(text)")
        }
        #expect(Self.parsed(Array("92233720368547758.7".utf8)) == .double(92233720368547758.7))
    }

    @Test func nestingBeyondTheLimitIsRefused() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect((try? JSONParser(maxDepth: 39).parse(Array(deep.utf8))) == nil)
        #expect((try? JSONParser(maxDepth: 40).parse(Array(deep.utf8))) != nil)
    }

    /// A number with a fraction or an exponent whose magnitude is 2^53 or more: Foundation
    /// reads it through `Decimal` when it decodes `Int`; the direct parser keeps a `.double`.
    static func hasLargeFractionalNumber(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let pattern = /-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/
        return text.matches(of: pattern).contains { match in
            let literal = String(match.output.0)
            guard literal.contains(where: { ".eE".contains($0) }), let value = Double(literal) else { return false }
            return value.magnitude >= 9_007_199_254_740_992
        }
    }
}

/// Any JSON document: nulls, booleans, integers, doubles, strings with escapes and
/// non-ASCII text, nested arrays and objects.
enum AnyJSON {
    static let document = Generator<JSONValue, Shrink.None<JSONValue>> { rng in value(depth: 0, using: &rng) }

    static func value(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0...(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int([0, 1, -1, Int.max, Int.min, Int.random(in: -1000...1000, using: &rng), Int.random(in: .min ... .max, using: &rng)].randomElement(using: &rng)!)
        case 3:
            let candidates = [0.5, -0.25, 1e-7, 1e300, 0.1, 123.456, Double.random(in: -1e6...1e6, using: &rng),
                Double(bitPattern: UInt64.random(in: 0 ... .max, using: &rng))]
            let number = candidates.randomElement(using: &rng)!
            return number.isFinite && Int(exactly: number) == nil ? .double(number) : .double(0.5)
        case 4: return .string(text(using: &rng))
        case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth: depth + 1, using: &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) { members[text(using: &rng)] = value(depth: depth + 1, using: &rng) }
            return .object(members)
        }
    }

    static func text(using rng: inout some RandomNumberGenerator) -> String {
        let pieces = ["a", "Z", "é", "😀", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "p1", "p10", "p2", "_", " ", "\u{2028}", "e\u{301}"]
        return (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    /// The same document as Foundation objects, for `JSONSerialization`.
    static func foundationObject(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .int(let number): number
        case .double(let number): number
        case .string(let text): text
        case .array(let elements): elements.map(foundationObject)
        case .object(let members): members.mapValues(foundationObject)
        }
    }
}

extension JSONParserTests {
    @Test func chosenMembersReadAsTheWholeParseReadsThem() throws {
        for (index, value) in Seeded.samples(AnyJSON.document, count: 2000, seed: 13).enumerated() {
            let document: JSONValue = ["seq": .int(index), "before": value, "actor": .string("p\(index)"), "zz": value]
            for bytes in [JSONWriter.bytes(document), Array(try Self.encoder.encode(document))] {
                let whole = try JSONParser().parse(bytes)
                let chosen = try JSONParser().members(["actor", "seq", "absent"], ofObject: bytes)
                #expect(chosen == ["actor": whole["actor"]!, "seq": whole["seq"]!])
                #expect(try JSONParser().members(["before", "zz"], ofObject: bytes) == ["before": value, "zz": value])
            }
        }
    }

    @Test(arguments: ["", "[1]", "{", #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":"x}"#, #"{"a":[1,{"b":"]"}"#, #"{"a" 1}"#, #"{"a":,}"#, "{1:2}"])
    func damagedObjectsAreRefused(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser().members(["seq"], ofObject: Array(text.utf8)) }
    }

    @Test func skippedValuesKeepTheirBracketsAndQuotesApart() throws {
        let text = #"{"event":{"text":"}],\"{[","list":[[],{}],"n":-1.5e3,"t":true},"seq":7,"x":null}"#
        #expect(try JSONParser().members(["seq", "x"], ofObject: Array(text.utf8)) == ["seq": 7, "x": .null])
        #expect(try JSONParser().members([], ofObject: Array("{ }".utf8)) == [:])
    }
}
