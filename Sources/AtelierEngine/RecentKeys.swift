/// Keys in the order they were remembered, oldest first, where forgetting the oldest is
/// cheap: dropped keys are skipped by an offset and the storage is compacted only once
/// they make up half of it (amortized O(1) per key instead of shifting every element).
public struct RecentKeys: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var storage: [String]
    private var head = 0

    /// The keys of `keys`, oldest first.
    public init(_ keys: some Sequence<String>) { storage = Array(keys) }

    public init(arrayLiteral keys: String...) { storage = keys }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count - head }
    public subscript(position: Int) -> String { storage[head + position] }

    /// Remembers `key` as the newest.
    public mutating func append(_ key: String) { storage.append(key) }

    /// Forgets the `count` oldest keys.
    public mutating func removeFirst(_ count: Int) {
        precondition(count >= 0 && count <= self.count, "removing more keys than remembered")
        head += count
        if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    public static func == (lhs: RecentKeys, rhs: RecentKeys) -> Bool { lhs.elementsEqual(rhs) }
}
