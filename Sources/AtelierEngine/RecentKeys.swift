import DequeModule

/// Keys in the order they were remembered, oldest first, each with the `seq` that answered
/// it; forgetting the oldest is O(1) (a ring buffer, swift-collections' `Deque`).
public struct RecentKeys: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var keys: Deque<String>
    private var answers: Deque<Int>

    /// The keys of `keys`, oldest first, with the seqs of `seqs` (0 where missing).
    public init(_ keys: some Sequence<String>, seqs: [Int] = []) {
        self.keys = Deque(keys)
        answers = Deque(self.keys.indices.map { $0 < seqs.count ? seqs[$0] : 0 })
    }

    /// The keys of the literal, oldest first (seqs 0).
    public init(arrayLiteral keys: String...) { self.init(keys) }

    /// The position of the oldest key.
    public var startIndex: Int { 0 }
    /// One past the position of the newest key.
    public var endIndex: Int { keys.count }
    /// The key at `position`, counted from the oldest.
    public subscript(position: Int) -> String { keys[position] }

    /// The seqs answering the keys, in the same order.
    public var seqs: Deque<Int> { answers }

    /// Remembers `key`, answered by `seq`, as the newest.
    public mutating func append(_ key: String, seq: Int = 0) {
        keys.append(key)
        answers.append(seq)
    }

    /// Changes the seq of a remembered key (the newest is looked at first).
    public mutating func update(_ key: String, seq: Int) {
        if let index = keys.lastIndex(of: key) { answers[index] = seq }
    }

    /// Forgets the `count` oldest keys.
    public mutating func removeFirst(_ count: Int) {
        precondition(count >= 0 && count <= self.count, "removing more keys than remembered")
        keys.removeFirst(count)
        answers.removeFirst(count)
    }

    /// Forgets every key in `forgotten`, wherever it is (linear: for rare corrections).
    public mutating func forget(_ forgotten: Set<String>) {
        let kept = indices.filter { !forgotten.contains(keys[$0]) }
        self = RecentKeys(kept.map { keys[$0] }, seqs: kept.map { answers[$0] })
    }

    /// Equal keys in the same order (the seqs are compared through `SessionState.acknowledged`).
    public static func == (lhs: RecentKeys, rhs: RecentKeys) -> Bool { lhs.keys == rhs.keys }
}
