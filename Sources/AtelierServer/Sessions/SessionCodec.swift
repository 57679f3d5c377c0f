import AtelierEngine
import AtelierKit

/// How events and snapshots are encoded for the store: compact JSON with sorted keys,
/// byte for byte what Foundation's `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`)
/// writes, built through a `JSONValue` tree.
enum SessionCodec {
    /// The value's bytes; throws when it cannot be encoded (never stored half-written).
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        JSONWriter.bytes(try JSONValueEncoder().encode(value))
    }

    /// A value read back from its bytes.
    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONValueDecoder().decode(T.self, from: JSONParser().parse(bytes))
    }
}
