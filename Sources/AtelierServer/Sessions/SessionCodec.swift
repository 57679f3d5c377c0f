import AtelierEngine
import AtelierKit

/// How events and snapshots are encoded for the store: compact JSON with sorted keys,
/// byte for byte what Foundation's `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`)
/// writes, built through a `JSONValue` tree.
enum SessionCodec {
    static func encode(_ value: some Encodable) -> [UInt8] {
        (try? JSONValueEncoder().encode(value)).map(JSONWriter.bytes) ?? []
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONValueDecoder().decode(T.self, from: JSONParser().parse(bytes))
    }
}
