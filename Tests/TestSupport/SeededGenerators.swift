import AtelierJSON
import PropertyBased

/// Property checks with the PropertyBased generators driven by a fixed seed, so every run
/// sees the same inputs. (The library's `.fixedSeed` trait runs one case and is meant for
/// reproducing a failure, so the cases are drawn here from a seeded `Xoshiro`.)
public enum Seeded {
    /// `count` values of `generator`, the same on every run for the same `seed`.
    public static func samples<Value>(
        _ generator: Generator<Value, some Sequence>, count: Int, seed: UInt64
    ) -> [Value] {
        var rng = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB))
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(generator.run(using: &rng)) }
        return values
    }
}

/// Generators of JSON documents without `null` (what views are made of).
public enum JSONGen {
    /// Object keys from a small alphabet, so two documents often share keys.
    public static let keys = ["a", "b", "c", "d", "e"]

    /// An object of up to four members, nested up to `depth` levels, never containing null.
    public static func object(depth: Int = 3) -> Generator<JSONValue, Shrink.None<JSONValue>> {
        Generator { rng in randomObject(depth: depth, using: &rng) }
    }

    /// A pair where the second document is often an edit of the first.
    public static func pair(depth: Int = 3) -> Generator<(JSONValue, JSONValue), Shrink.None<(JSONValue, JSONValue)>> {
        Generator { rng in
            let first = randomObject(depth: depth, using: &rng)
            let second =
                Bool.random(using: &rng) ? edit(first, depth: depth, using: &rng) : randomObject(depth: depth, using: &rng)
            return (first, second)
        }
    }

    private static func randomObject(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            members[keys.randomElement(using: &rng)!] = randomValue(depth: depth - 1, using: &rng)
        }
        return .object(members)
    }

    private static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0...(depth > 0 ? 7 : 4), using: &rng) {
        case 0: return .bool(Bool.random(using: &rng))
        case 1: return .int(Int.random(in: -3...3, using: &rng))
        case 2: return .double([0.5, -1.25, 1e10].randomElement(using: &rng)!)
        case 3: return .string(["", "x", "é", "null"].randomElement(using: &rng)!)
        case 4:
            return .array((0..<Int.random(in: 0...2, using: &rng)).map { _ in .int(Int.random(in: 0...2, using: &rng)) })
        case 5:
            return .array((0..<Int.random(in: 0...2, using: &rng)).map { _ in randomObject(depth: depth - 1, using: &rng) })
        default: return randomObject(depth: depth, using: &rng)
        }
    }

    /// `value` with a few members added, removed, replaced or edited recursively.
    private static func edit(_ value: JSONValue, depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        guard case .object(var members) = value else { return randomValue(depth: depth, using: &rng) }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let key = keys.randomElement(using: &rng)!
            switch Int.random(in: 0...2, using: &rng) {
            case 0: members[key] = nil
            case 1: members[key] = randomValue(depth: depth - 1, using: &rng)
            default: if let inner = members[key] { members[key] = edit(inner, depth: depth - 1, using: &rng) }
            }
        }
        return .object(members)
    }
}
