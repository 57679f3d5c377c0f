/// Turns an `Encodable` value straight into a `JSONValue` tree, without writing text.
///
/// The tree is the one Foundation's `JSONEncoder` text would parse to: absent optionals
/// are left out, a whole `Double` below 2^53 becomes `.int`, a `JSONValue` inside the
/// value is kept as it is.
public struct JSONValueEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// The tree of `value`.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        try Leaf.encoded(value, []).resolved()
    }
}

/// Where one value is being built: a leaf, or the members or elements still being filled.
private final class Slot {
    var leaf: JSONValue?
    var members: [String: Node]?
    var elements: [Node]?

    func resolved() -> JSONValue {
        if let members { return .object(members.mapValues { $0.resolved() }) }
        if let elements { return .array(elements.map { $0.resolved() }) }
        return leaf ?? .object([:])
    }
}

/// A finished leaf, or a slot that containers may still fill.
private enum Node {
    case value(JSONValue)
    case slot(Slot)

    func resolved() -> JSONValue {
        switch self {
        case .value(let value): value
        case .slot(let slot): slot.resolved()
        }
    }
}

private enum Leaf {
    static func number(_ value: Double, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: path(), debugDescription: "\(value) is not valid JSON"))
        }
        if value.magnitude < 9_007_199_254_740_992, let whole = Int(exactly: value) { return .int(whole) }
        return .double(value)
    }

    static func float(_ value: Float, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        try number(Double(value.description) ?? Double(value), path())
    }

    static func integer(_ value: some BinaryInteger) -> JSONValue {
        if let fits = Int(exactly: value) { return .int(fits) }
        return .double(Double(value))
    }

    /// A nested value: common leaves and `JSONValue` directly, anything else through its
    /// own `encode(to:)`.
    static func encoded<T: Encodable>(_ value: T, _ path: @autoclosure () -> [any CodingKey]) throws -> Node {
        if T.self == String.self { return .value(.string(unsafeBitCast(value, to: String.self))) }
        if T.self == Int.self { return .value(.int(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .value(.bool(unsafeBitCast(value, to: Bool.self))) }
        if T.self == JSONValue.self { return .value(unsafeBitCast(value, to: JSONValue.self)) }
        if T.self == [String].self { return .value(.array(unsafeBitCast(value, to: [String].self).map { .string($0) })) }
        if T.self == [Int].self { return .value(.array(unsafeBitCast(value, to: [Int].self).map { .int($0) })) }
        let slot = Slot()
        try value.encode(to: TreeEncoder(slot: slot, codingPath: path()))
        if slot.members == nil, slot.elements == nil, let leaf = slot.leaf { return .value(leaf) }
        return .slot(slot)
    }
}

private struct TreeEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.members == nil { slot.members = [:] }
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if slot.elements == nil { slot.elements = [] }
        return UnkeyedTreeContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeContainer(slot: slot, codingPath: codingPath)
    }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { slot.members![key.stringValue] = .value(value) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try Leaf.number(value, codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try Leaf.float(value, codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(Leaf.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(Leaf.integer(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        slot.members![key.stringValue] = try Leaf.encoded(value, codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Slot()
        child.members = [:]
        slot.members![key.stringValue] = .slot(child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(slot: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Slot()
        child.elements = []
        slot.members![key.stringValue] = .slot(child)
        return UnkeyedTreeContainer(slot: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let child = Slot()
        slot.members![name] = .slot(child)
        return TreeEncoder(slot: child, codingPath: codingPath)
    }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.elements!.count }

    private func put(_ value: JSONValue) { slot.elements!.append(.value(value)) }
    private var here: [any CodingKey] { codingPath + [IndexKey(count)] }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try Leaf.number(value, here)) }
    mutating func encode(_ value: Float) throws { put(try Leaf.float(value, here)) }
    mutating func encode(_ value: Int) throws { put(.int(value)) }
    mutating func encode(_ value: Int8) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(Leaf.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        slot.elements!.append(try Leaf.encoded(value, here))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = Slot()
        child.members = [:]
        let path = here
        slot.elements!.append(.slot(child))
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(slot: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Slot()
        child.elements = []
        let path = here
        slot.elements!.append(.slot(child))
        return UnkeyedTreeContainer(slot: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = Slot()
        let path = here
        slot.elements!.append(.slot(child))
        return TreeEncoder(slot: child, codingPath: path)
    }
}

private struct SingleTreeContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue) { slot.leaf = value }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try Leaf.number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { put(try Leaf.float(value, codingPath)) }
    mutating func encode(_ value: Int) throws { put(.int(value)) }
    mutating func encode(_ value: Int8) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(Leaf.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(Leaf.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let tree = value as? JSONValue {
            put(tree)
            return
        }
        try value.encode(to: TreeEncoder(slot: slot, codingPath: codingPath))
    }
}

/// The coding key of an array element.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
