import AtelierKit

/// Converts between typed values and `JSONValue` directly (`JSONValueEncoder`,
/// `JSONValueDecoder`), and trees to and from text (`JSONWriter`, `JSONParser`), without
/// Foundation's coders.
enum JSONCoding {
    /// `value` as a JSON tree.
    static func tree(_ value: some Encodable) throws -> JSONValue {
        try JSONValueEncoder().encode(value)
    }

    /// A typed value read from a JSON tree.
    static func value<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        try JSONValueDecoder().decode(T.self, from: tree)
    }
}

extension JSONValue {
    /// Compact JSON bytes with sorted keys: equal values give equal bytes.
    public func encodedBytes() -> [UInt8] {
        JSONWriter.bytes(self)
    }

    /// Parses JSON bytes.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONParser().parse(bytes)
    }
}
