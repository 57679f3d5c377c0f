/// Keys in the order they were remembered, oldest first, each with the `seq` that answered
/// it, where forgetting the oldest is cheap: dropped keys are skipped by an offset and the
/// storage is compacted only once they make up half of it (amortized O(1) per key instead
/// of shifting every element).
public struct RecentKeys: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var keys: [String]
    private var answers: [Int]
    private var head = 0

    /// The keys of `keys`, oldest first, with the seqs of `seqs` (0 where missing).
    public init(_ keys: some Sequence<String>, seqs: [Int] = []) {
        self.keys = Array(keys)
        answers = self.keys.indices.map { $0 < seqs.count ? seqs[$0] : 0 }
    }

    /// The keys of the literal, oldest first (seqs 0).
    public init(arrayLiteral keys: String...) { self.init(keys) }

    /// The position of the oldest key.
    public var startIndex: Int { 0 }
    /// One past the position of the newest key.
    public var endIndex: Int { keys.count - head }
    /// The key at `position`, counted from the oldest.
    public subscript(position: Int) -> String { keys[head + position] }

    /// The seqs answering the keys, in the same order.
    public var seqs: ArraySlice<Int> { answers[head...] }

    /// Remembers `key`, answered by `seq`, as the newest.
    public mutating func append(_ key: String, seq: Int = 0) {
        keys.append(key)
        answers.append(seq)
    }

    /// Changes the seq of a remembered key (the newest is looked at first).
    public mutating func update(_ key: String, seq: Int) {
        if keys.last == key {
            answers[answers.count - 1] = seq
        } else if let index = keys[head...].lastIndex(of: key) {
            answers[index] = seq
        }
    }

    /// Forgets the `count` oldest keys.
    public mutating func removeFirst(_ count: Int) {
        precondition(count >= 0 && count <= self.count, "removing more keys than remembered")
        head += count
        if head >= 64, head * 2 >= keys.count {
            keys.removeFirst(head)
            answers.removeFirst(head)
            head = 0
        }
    }

    /// Forgets every key in `forgotten`, wherever it is (linear: for rare corrections).
    public mutating func forget(_ forgotten: Set<String>) {
        let kept = indices.filter { !forgotten.contains(self[$0]) }
        let seqs = Array(self.seqs)
        self = RecentKeys(kept.map { self[$0] }, seqs: kept.map { seqs[$0] })
    }

    /// Equal keys in the same order (the seqs are compared through `SessionState.acknowledged`).
    public static func == (lhs: RecentKeys, rhs: RecentKeys) -> Bool { lhs.elementsEqual(rhs) }
}
