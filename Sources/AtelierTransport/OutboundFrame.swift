import CLibWebSockets

/// One WebSocket message ready to be written, shared by every connection it is sent to.
///
/// The payload is copied once, into a buffer with the `LWS_PRE` headroom libwebsockets
/// needs; a broadcast hands the same frame to every recipient, so sending to a thousand
/// connections costs one copy, not a thousand.
public final class OutboundFrame: @unchecked Sendable {
    // @unchecked Sendable: the payload bytes are immutable after init; only the headroom
    // before them is scribbled on by lws, and only on the single service thread.

    /// Whether the frame is sent as a binary (rather than text) message.
    public let isBinary: Bool
    /// Payload length in bytes.
    public let count: Int
    let storage: UnsafeMutablePointer<UInt8>
    static let headroom = Int(atelier_lws_pre())

    /// Copies `bytes` into a new frame.
    public init(bytes: some Collection<UInt8>, isBinary: Bool = false) {
        self.isBinary = isBinary
        self.count = bytes.count
        storage = .allocate(capacity: Self.headroom + max(count, 1))
        let payload = UnsafeMutableBufferPointer(start: storage + Self.headroom, count: count)
        _ = payload.initialize(from: bytes)
    }

    /// A text frame holding the UTF-8 bytes of `text`.
    public convenience init(text: String) {
        self.init(bytes: Array(text.utf8), isBinary: false)
    }

    deinit { storage.deallocate() }

    /// Start of the payload (after the headroom).
    var payload: UnsafeMutablePointer<UInt8> { storage + Self.headroom }

    /// The payload as an array (tests and diagnostics).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: payload, count: count)) }
}
