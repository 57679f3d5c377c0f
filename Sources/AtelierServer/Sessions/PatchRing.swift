import DequeModule

/// The last patches sent to one audience, so a reconnecting client gets exactly its gap.
struct PatchRing {
    struct Entry {
        /// The `seq` of the view the patch applies to.
        let base: Int
        /// The `seq` of the view it produces.
        let seq: Int
        let frame: [UInt8]
    }

    let capacity: Int
    private(set) var entries: Deque<Entry> = []
    /// The `seq` of the view the ring starts from (the restored state after a restart).
    private(set) var origin: Int

    init(capacity: Int, origin: Int = 0) {
        self.capacity = capacity
        self.origin = origin
    }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        if entries.count > capacity {
            entries.removeFirst(entries.count - capacity)
            origin = entries[0].base
        }
    }

    /// The patches a client holding the view at `seq` missed, or nil when the gap is older
    /// than what is kept (the client then needs a snapshot).
    func missed(after seq: Int) -> [[UInt8]]? {
        guard seq >= origin else { return nil }
        let newer = entries.filter { $0.seq > seq }
        guard let first = newer.first else { return [] }
        guard first.base <= seq else { return nil }
        return newer.map(\.frame)
    }
}
