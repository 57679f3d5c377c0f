import Testing

@testable import AtelierTransport

@Suite struct FrameQueueTests {
    @Test func framesComeOutInOrderAndBytesAreCounted() {
        var queue = FrameQueue()
        let frames = (0..<1000).map { OutboundFrame(text: String(repeating: "x", count: $0 % 7 + 1)) }
        for frame in frames { queue.push(frame) }
        #expect(queue.bytes == frames.reduce(0) { $0 + $1.count })
        for expected in frames {
            let popped = queue.pop()
            #expect(popped === expected)
        }
        #expect(queue.isEmpty)
        #expect(queue.bytes == 0)
        #expect(queue.pop() == nil)
    }

    @Test func interleavedPushAndPopKeepOrderAcrossCompaction() {
        var queue = FrameQueue()
        var expected: [OutboundFrame] = []
        var next = 0
        for round in 0..<2000 {
            let frame = OutboundFrame(text: "\(round)")
            queue.push(frame)
            expected.append(frame)
            if round % 3 != 0 {
                #expect(queue.pop() === expected[next])
                next += 1
            }
        }
        while let frame = queue.pop() {
            #expect(frame === expected[next])
            next += 1
        }
        #expect(next == expected.count)
    }

    @Test func removeAllForgetsEverything() {
        var queue = FrameQueue()
        queue.push(OutboundFrame(text: "hello"))
        queue.removeAll()
        #expect(queue.isEmpty && queue.bytes == 0)
    }

    @Test func aFrameKeepsItsPayloadAndKind() {
        let frame = OutboundFrame(bytes: [0, 1, 2, 255], isBinary: true)
        #expect(frame.bytes == [0, 1, 2, 255])
        #expect(frame.isBinary)
        #expect(OutboundFrame(text: "").count == 0)
    }
}
