import AtelierEngine
import AtelierKit
import PropertyBased
import TestSupport
import Testing

/// A hand-written diff case: two documents and the patch between them.
struct PatchCase: Sendable, CustomTestStringConvertible {
    let name: String
    let old: JSONValue
    let new: JSONValue
    let patch: JSONValue
    var testDescription: String { name }
}

@Suite struct MergePatchTests {
    static let cases: [PatchCase] = [
        PatchCase(name: "add a member", old: ["a": 1], new: ["a": 1, "b": 2], patch: ["b": 2]),
        PatchCase(name: "delete a member by null", old: ["a": 1, "b": 2], new: ["a": 1], patch: ["b": nil]),
        PatchCase(name: "replace a scalar", old: ["a": 1], new: ["a": "one"], patch: ["a": "one"]),
        PatchCase(
            name: "nested objects merge", old: ["m": ["p1": ["name": "Ana", "online": false]]],
            new: ["m": ["p1": ["name": "Ana", "online": true]]], patch: ["m": ["p1": ["online": true]]]),
        PatchCase(
            name: "nested deletion", old: ["m": ["p1": ["name": "Ana"], "p2": ["name": "Léo"]]],
            new: ["m": ["p1": ["name": "Ana"]]], patch: ["m": ["p2": nil]]),
        PatchCase(name: "arrays are replaced whole", old: ["h": ["p1", "p2"]], new: ["h": ["p2"]], patch: ["h": ["p2"]]),
        PatchCase(name: "object becomes scalar", old: ["t": ["status": "idle"]], new: ["t": 3], patch: ["t": 3]),
        PatchCase(name: "scalar becomes object", old: ["t": 3], new: ["t": ["x": 1]], patch: ["t": ["x": 1]]),
        PatchCase(
            name: "object becomes empty", old: ["t": ["x": 1, "y": 2]], new: ["t": [:]], patch: ["t": ["x": nil, "y": nil]]),
        PatchCase(name: "empty object appears", old: [:], new: ["me": [:]], patch: ["me": [:]]),
        PatchCase(name: "int and double differ", old: ["n": 1], new: ["n": 1.0], patch: ["n": 1.0]),
        PatchCase(name: "whole document replaced by an array", old: ["a": 1], new: [1, 2], patch: [1, 2]),
    ]

    @Test(arguments: cases)
    func diffGivesTheMinimalPatchAndApplyReproducesTheTarget(_ example: PatchCase) {
        let patch = MergePatch.diff(from: example.old, to: example.new)
        #expect(patch == example.patch)
        #expect(MergePatch.apply(example.patch, to: example.old) == example.new)
    }

    @Test(arguments: [JSONValue.object([:]), ["a": 1], ["a": ["b": [1, 2, ["c": true]]]], "text", 3, [1, 2]])
    func equalDocumentsHaveNoPatch(_ value: JSONValue) {
        #expect(MergePatch.diff(from: value, to: value) == nil)
    }

    @Test func rfc7386Examples() {
        // Appendix A of RFC 7386 (the cases whose targets contain no null).
        let examples: [(JSONValue, JSONValue, JSONValue)] = [
            (["a": "b"], ["a": "c"], ["a": "c"]),
            (["a": "b"], ["b": "c"], ["a": "b", "b": "c"]),
            (["a": "b"], ["a": nil], [:]),
            (["a": "b", "b": "c"], ["a": nil], ["b": "c"]),
            (["a": ["b"]], ["a": "c"], ["a": "c"]),
            (["a": "c"], ["a": ["b"]], ["a": ["b"]]),
            (["a": ["b": "c"]], ["a": ["b": "d", "c": nil]], ["a": ["b": "d"]]),
            (["a": [["b": "c"]]], ["a": [1]], ["a": [1]]),
            (["a", "b"], ["c", "d"], ["c", "d"]),
            (["a": "b"], ["c"], ["c"]),
            (["e": nil], ["a": 1], ["e": nil, "a": 1]),
            ([1, 2], ["a": "b", "c": nil], ["a": "b"]),
            ([:], ["a": ["bb": ["ccc": nil]]], ["a": ["bb": [:]]]),
        ]
        for (target, patch, result) in examples {
            #expect(MergePatch.apply(patch, to: target) == result, "\(patch) on \(target)")
        }
    }

    @Test func applyingAPatchNeverTouchesUnmentionedMembers() {
        let view: JSONValue = ["session": ["id": "s1"], "hands": ["p3"], "timer": ["status": "idle", "durationMs": 300_000]]
        let patched = MergePatch.apply(["timer": ["status": "running", "deadline": 5]], to: view)
        #expect(
            patched == [
                "session": ["id": "s1"], "hands": ["p3"],
                "timer": ["status": "running", "durationMs": 300_000, "deadline": 5],
            ])
    }

    @Test func roundTripHoldsForGeneratedDocumentsWithoutNull() {
        let pairs = Seeded.samples(JSONGen.pair(), count: 2000, seed: 7386)
        var changed = 0
        for (old, new) in pairs {
            #expect(old.nullPaths == [] && new.nullPaths == [])
            guard let patch = MergePatch.diff(from: old, to: new) else {
                #expect(old == new)
                continue
            }
            changed += 1
            #expect(old != new)
            #expect(MergePatch.apply(patch, to: old) == new, "old \(old) new \(new) patch \(patch)")
        }
        #expect(changed > 1000, "the generator must mostly produce different documents")
    }

    @Test func patchesComposeAlongAChainOfDocuments() {
        let chain = Seeded.samples(JSONGen.object(), count: 500, seed: 42)
        var replica = chain[0]
        for (old, new) in zip(chain, chain.dropFirst()) {
            if let patch = MergePatch.diff(from: old, to: new) { replica = MergePatch.apply(patch, to: replica) }
            #expect(replica == new)
        }
    }

    @Test func patchesSurviveTheWire() throws {
        for (old, new) in Seeded.samples(JSONGen.pair(), count: 300, seed: 99) {
            guard let patch = MergePatch.diff(from: old, to: new) else { continue }
            // Compared as bytes: on the wire 1e10 and 10000000000 are the same number.
            let decoded = try JSONValue.parse(patch.encodedBytes())
            #expect(MergePatch.apply(decoded, to: old).encodedBytes() == new.encodedBytes())
        }
    }

    @Test func wireNumbersKeepTheirMeaning() throws {
        let parsed = try JSONValue.parse(Array(#"[1, 0, true, false, 1.5, 2.0, -0, "1", {"a": null}]"#.utf8))
        #expect(parsed == [1, 0, true, false, 1.5, 2, 0, "1", ["a": nil]])
        let document: JSONValue = ["b": 1, "a": [true, "x/y"]]
        #expect(String(decoding: document.encodedBytes(), as: UTF8.self) == #"{"a":[true,"x/y"],"b":1}"#)
    }
}
