/// Reads a `Decodable` value straight from a `JSONValue` tree, without writing text.
///
/// It accepts what Foundation's `JSONDecoder` accepts from the tree's text: integers from
/// whole numbers only, floating point from any number, strings and booleans only from
/// strings and booleans; a missing key is `keyNotFound`; a `JSONValue` inside the value is
/// taken as it is.
public struct JSONValueDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// A `T` read from `tree`.
    public func decode<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        if T.self == JSONValue.self { return tree as! T }
        return try T(from: TreeDecoder(value: tree, codingPath: []))
    }
}

private enum Unbox {
    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(codingPath: path(), debugDescription: "expected \(type), found \(value)"))
    }

    static func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, path()) }
        return flag
    }

    static func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, path()) }
        return text
    }

    static func double(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw mismatch(Double.self, value, path())
        }
    }

    static func float(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Float {
        Float(try double(value, path()))
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        switch value {
        case .int(let number):
            if let fits = T(exactly: number) { return fits }
        case .double(let number):
            if let fits = T(exactly: number) { return fits }
        default:
            break
        }
        throw mismatch(T.self, value, path())
    }

    static func decoded<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        if T.self == JSONValue.self { return unsafeBitCast(value, to: T.self) }
        if T.self == String.self, case .string(let text) = value { return unsafeBitCast(text, to: T.self) }
        return try T(from: TreeDecoder(value: value, codingPath: path()))
    }
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw Unbox.mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedTreeReader<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw Unbox.mismatch([Any].self, value, codingPath) }
        return UnkeyedTreeReader(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleTreeReader(value: value, codingPath: codingPath)
    }
}

private struct KeyedTreeReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Unbox.bool(member(key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Unbox.string(member(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Unbox.double(member(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Unbox.float(member(key), codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Unbox.integer(type, member(key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Unbox.integer(type, member(key), codingPath + [key]) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Unbox.decoded(type, member(key), codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(value: members["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedTreeReader: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var here: [any CodingKey] { codingPath + [IndexKey(currentIndex)] }

    private mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, DecodingError.Context(codingPath: here, debugDescription: "unkeyed container is at end"))
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return try next() == .null }
        if elements[currentIndex] == .null {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let index = currentIndex; return try Unbox.bool(next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: String.Type) throws -> String { let index = currentIndex; return try Unbox.string(next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Double.Type) throws -> Double { let index = currentIndex; return try Unbox.double(next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Float.Type) throws -> Float { let index = currentIndex; return try Unbox.float(next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Int.Type) throws -> Int { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let index = currentIndex; return try Unbox.integer(type, next(), codingPath + [IndexKey(index)]) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        return try Unbox.decoded(type, next(), codingPath + [IndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let path = here
        return try TreeDecoder(value: next(), codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = here
        return try TreeDecoder(value: next(), codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = here
        return TreeDecoder(value: try next(), codingPath: path)
    }
}

private struct SingleTreeReader: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try Unbox.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Unbox.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Unbox.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Unbox.float(value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Unbox.integer(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Unbox.integer(type, value, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Unbox.decoded(type, value, codingPath) }
}
