// The JSON micro-benchmark: AtelierJSON's parser, writer and tree coders against
// Foundation's JSONSerialization, JSONDecoder and JSONEncoder, on the documents a session
// handles (a client command, a stored event, a participant's view, a snapshot). Prints one
// JSON object; `bench/json_codec.py` runs it and writes the report.
import AtelierJSON
import Foundation

/// A stored event, shaped like the engine's envelopes.
struct Envelope: Codable, Equatable {
    struct Event: Codable, Equatable {
        let step: Int
        let event: [String: [String: String]]
    }
    let seq: Int
    let at: Int64
    let actor: String?
    let command: String?
    let event: [String: Event]
}

/// What each document is, as bytes.
enum Documents {
    static let command = Array(#"{"type":"command","id":"c-1042","intent":{"kind":"activity","intent":{"kind":"markReady"}}}"#.utf8)

    static let envelope = Envelope(
        seq: 104_233, at: 1_764_800_000_000, actor: "p17", command: "c-1042",
        event: ["activity": .init(step: 2, event: ["readyMarked": ["_0": "p17"]])])

    /// A view like a co-development step's: members, agenda, timer, an activity with texts.
    static let view: JSONValue = {
        var members: [String: JSONValue] = [:]
        for index in 1...24 {
            members["p\(index)"] = [
                "name": .string("Participant \(index) « Territoire \(index % 10) »"), "role": "participant",
                "online": .bool(index % 3 != 0), "joinedAt": .int(index),
            ]
        }
        let questions: [JSONValue] = (1...30).map { index in
            ["id": .int(index), "author": .string("p\(index % 24 + 1)"),
             "text": .string("Question \(index) : comment le binôme a-t-il impliqué les élus du territoire ?")]
        }
        return [
            "session": ["title": "Codéveloppement — session 4", "joinCode": "ABC234", "locale": "fr"],
            "agenda": .array((0..<6).map { ["title": .string("Étape \($0 + 1)"), "activity": "peer-consultation"] }),
            "timer": ["status": "running", "durationMs": 900_000, "deadline": 1_764_800_900_000],
            "members": .object(members), "hands": ["p3", "p9"],
            "activity": ["id": "peer-consultation", "step": 2, "view": ["phase": "clarification", "questions": .array(questions)]],
        ]
    }()

    /// A snapshot-sized document: the view twenty times over.
    static let snapshot: JSONValue = ["steps": .array(Array(repeating: view, count: 20))]
}

/// Median nanoseconds per operation of `body` over `rounds` rounds of `iterations`.
func measure(rounds: Int, iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var perOperation: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { try body() }
        perOperation.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
    }
    return perOperation.sorted()[perOperation.count / 2]
}

/// Keeps a result alive so the optimiser cannot drop the work.
@inline(never) func keep<T>(_ value: T) { withExtendedLifetime(value) {} }

let arguments = CommandLine.arguments
let rounds = Int(arguments.dropFirst().first ?? "") ?? 7
let scale = Double(arguments.dropFirst(2).first ?? "") ?? 1

let sortedEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
}()

var results: [[String: Any]] = []

/// One comparison: the same work done by AtelierJSON and by Foundation.
@MainActor func compare(_ name: String, document: String, bytes: Int, iterations: Int, atelier: () throws -> Void, foundation: () throws -> Void)
    rethrows
{
    let count = max(1, Int(Double(iterations) * scale))
    let ours = try measure(rounds: rounds, iterations: count, atelier)
    let theirs = try measure(rounds: rounds, iterations: count, foundation)
    results.append([
        "operation": name, "document": document, "bytes": bytes, "iterations": count, "rounds": rounds,
        "atelier_ns": ours, "foundation_ns": theirs,
    ])
}

let viewBytes = JSONWriter.bytes(Documents.view)
let snapshotBytes = JSONWriter.bytes(Documents.snapshot)
let envelopeBytes = JSONWriter.bytes(try JSONValueEncoder().encode(Documents.envelope))
let foundationCommand = Data(Documents.command)
let foundationView = Data(viewBytes)
let foundationSnapshot = Data(snapshotBytes)
let foundationEnvelope = Data(envelopeBytes)

// Reading: bytes to a tree (JSONParser) or to Foundation's objects (JSONSerialization).
try compare("parse", document: "client command", bytes: Documents.command.count, iterations: 20_000,
    atelier: { keep(try JSONParser().parse(Documents.command)) },
    foundation: { keep(try JSONSerialization.jsonObject(with: foundationCommand)) })
try compare("parse", document: "participant view", bytes: viewBytes.count, iterations: 1_000,
    atelier: { keep(try JSONParser().parse(viewBytes)) },
    foundation: { keep(try JSONSerialization.jsonObject(with: foundationView)) })
try compare("parse", document: "snapshot", bytes: snapshotBytes.count, iterations: 50,
    atelier: { keep(try JSONParser().parse(snapshotBytes)) },
    foundation: { keep(try JSONSerialization.jsonObject(with: foundationSnapshot)) })

// Writing: a tree to bytes with sorted keys (what every view patch and snapshot costs).
let viewObject = try JSONSerialization.jsonObject(with: foundationView)
let snapshotObject = try JSONSerialization.jsonObject(with: foundationSnapshot)
try compare("write (sorted keys)", document: "participant view", bytes: viewBytes.count, iterations: 1_000,
    atelier: { keep(JSONWriter.bytes(Documents.view)) },
    foundation: { keep(try JSONSerialization.data(withJSONObject: viewObject, options: [.sortedKeys, .withoutEscapingSlashes])) })
try compare("write (sorted keys)", document: "snapshot", bytes: snapshotBytes.count, iterations: 50,
    atelier: { keep(JSONWriter.bytes(Documents.snapshot)) },
    foundation: { keep(try JSONSerialization.data(withJSONObject: snapshotObject, options: [.sortedKeys, .withoutEscapingSlashes])) })

// Typed values: what the store's events go through (Codable both ways).
try compare("encode typed", document: "stored event", bytes: envelopeBytes.count, iterations: 20_000,
    atelier: { keep(JSONWriter.bytes(try JSONValueEncoder().encode(Documents.envelope))) },
    foundation: { keep(try sortedEncoder.encode(Documents.envelope)) })
try compare("decode typed", document: "stored event", bytes: envelopeBytes.count, iterations: 20_000,
    atelier: { keep(try JSONValueDecoder().decode(Envelope.self, from: try JSONParser().parse(envelopeBytes))) },
    foundation: { keep(try JSONDecoder().decode(Envelope.self, from: foundationEnvelope)) })

// The two must agree on what they read and write, or the comparison means nothing.
guard try JSONValueDecoder().decode(Envelope.self, from: try JSONParser().parse(envelopeBytes)) == Documents.envelope,
    try JSONDecoder().decode(Envelope.self, from: Data(JSONWriter.bytes(try JSONValueEncoder().encode(Documents.envelope))))
        == Documents.envelope,
    Array(try sortedEncoder.encode(Documents.envelope)) == envelopeBytes
else {
    FileHandle.standardError.write(Data("AtelierJSON and Foundation disagree on the stored event\n".utf8))
    exit(1)
}

let output = try JSONSerialization.data(withJSONObject: ["results": results], options: [.sortedKeys])
FileHandle.standardOutput.write(output + Data("\n".utf8))
