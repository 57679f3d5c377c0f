/// A first-in first-out queue of frames with a running byte count (service thread only).
struct FrameQueue {
    private var items: [OutboundFrame?] = []
    private var head = 0
    /// Bytes of payload waiting.
    private(set) var bytes = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ frame: OutboundFrame) {
        items.append(frame)
        bytes += frame.count
    }

    mutating func pop() -> OutboundFrame? {
        guard head < items.count, let frame = items[head] else { return nil }
        items[head] = nil
        head += 1
        bytes -= frame.count
        if head == items.count {
            items.removeAll(keepingCapacity: items.count <= 1024)
            head = 0
        } else if head >= 256, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return frame
    }

    mutating func removeAll() {
        items.removeAll()
        head = 0
        bytes = 0
    }
}
