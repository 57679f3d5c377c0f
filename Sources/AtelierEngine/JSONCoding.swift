import AtelierKit
import Foundation

/// Converts between typed values and `JSONValue` through the standard JSON coders.
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as a JSON tree.
    static func tree(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: encoder().encode(value))
    }

    /// A typed value read from a JSON tree.
    static func value<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        try JSONDecoder().decode(T.self, from: encoder().encode(tree))
    }
}

extension JSONValue {
    /// Compact JSON bytes with sorted keys: equal values give equal bytes.
    public func encodedBytes() -> [UInt8] {
        (try? JSONCoding.encoder().encode(self)).map(Array.init) ?? Array("null".utf8)
    }

    /// Parses JSON bytes.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}
