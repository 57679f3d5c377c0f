import CLibWebSockets

/// The WebSocket side of the service thread: handshakes, reassembly, queues, writes, closes.
extension LWSService {
    static let outboundOverflowReason = "outbound queue limit exceeded"

    /// Decides whether a handshake may proceed; remembers what it learned for `established`.
    func filterHandshake(_ wsi: OpaquePointer) -> Bool {
        if shutdownDeadline != nil { return false }
        let origin = LWSHeaders.value(wsi, WSI_TOKEN_ORIGIN)
        let host = LWSHeaders.value(wsi, WSI_TOKEN_HOST)
        guard configuration.originPolicy.allows(origin: origin, host: host, scheme: configuration.httpScheme)
        else {
            metrics.handshakesRefused.increment()
            logger.notice("refused WebSocket handshake", metadata: ["origin": "\(origin ?? "-")"])
            return false
        }
        let offered = LWSHeaders.value(wsi, WSI_TOKEN_PROTOCOL)
        handshakes[wsi] = ConnectionInfo(
            id: makeID(), remoteAddress: LWSHeaders.peerAddress(wsi), origin: origin,
            subprotocol: offered == nil ? nil : configuration.requiredSubprotocol ?? "atelier.v1",
            path: LWSHeaders.value(wsi, WSI_TOKEN_GET_URI) ?? "/")
        return true
    }

    func established(_ wsi: OpaquePointer) {
        let info = handshakes.removeValue(forKey: wsi)
            ?? ConnectionInfo(
                id: makeID(), remoteAddress: LWSHeaders.peerAddress(wsi), origin: nil, subprotocol: nil, path: "/")
        let connection = WebSocketConnection(id: info.id, wsi: wsi)
        sockets[wsi] = connection
        socketsByID[info.id] = connection
        openCount.wrappingAdd(1, ordering: .relaxed)
        metrics.connectionsTotal.increment()
        metrics.connectionsOpen.record(socketsByID.count)
        if let required = configuration.requiredSubprotocol, info.subprotocol == nil {
            requestClose(connection, code: .protocolError, reason: "subprotocol \(required) required", within: 2)
            return
        }
        emit(.connected(info))
    }

    /// Handles one received chunk; returns -1 to close the connection.
    func receive(_ wsi: OpaquePointer, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let connection = sockets[wsi] else { return -1 }
        if atelier_lws_message_starts(wsi) != 0 {
            connection.inbound.removeAll(keepingCapacity: connection.inbound.count <= 16 * 1024)
            connection.inboundIsBinary = lws_frame_is_binary(wsi) != 0
            if connection.inboundIsBinary, !configuration.allowsBinary {
                return closeNow(connection, code: .unsupportedData, reason: "binary messages are not supported")
            }
        }
        if connection.inbound.count + bytes.count > configuration.maxMessageBytes {
            connection.inbound = []
            return closeNow(
                connection, code: .messageTooBig,
                reason: "message larger than \(configuration.maxMessageBytes) bytes")
        }
        connection.inbound.append(contentsOf: bytes)
        if atelier_lws_message_is_complete(wsi) != 0 {
            let message = InboundMessage(bytes: connection.inbound, isBinary: connection.inboundIsBinary)
            connection.inbound = []
            metrics.messagesIn.increment()
            metrics.bytesIn.increment(by: message.bytes.count)
            emit(.message(connection.id, message))
        }
        return 0
    }

    /// Writes at most one queued frame; returns -1 to close.
    func writeable(_ wsi: OpaquePointer) -> Int32 {
        guard let connection = sockets[wsi] else { return 0 }
        if let close = connection.pendingClose, connection.outbound.isEmpty {
            return closeNow(connection, code: close.code, reason: close.reason)
        }
        guard let frame = connection.outbound.pop() else { return 0 }
        let mode = frame.isBinary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT
        let written = lws_write(wsi, frame.payload, frame.count, mode)
        if written < Int32(clamping: frame.count) { return -1 }
        metrics.messagesOut.increment()
        metrics.bytesOut.increment(by: frame.count)
        if !connection.outbound.isEmpty || connection.pendingClose != nil { lws_callback_on_writable(wsi) }
        return 0
    }

    /// Queues a frame, cutting off a consumer whose queue would exceed the limit.
    func queue(_ frame: OutboundFrame, on connection: WebSocketConnection) {
        guard connection.pendingClose == nil else { return }
        if connection.outbound.bytes + frame.count > configuration.maxQueueBytes {
            connection.outbound.removeAll()
            connection.pendingClose = (.policyViolation, Self.outboundOverflowReason)
            connection.closeCode = .policyViolation
            setCloseReason(connection, code: .policyViolation, reason: Self.outboundOverflowReason)
            logger.notice(
                "closing slow consumer", metadata: ["connection.id": "\(connection.id)"])
            atelier_lws_kill_async(connection.wsi)
            return
        }
        let wasIdle = connection.outbound.isEmpty
        connection.outbound.push(frame)
        if wasIdle { lws_callback_on_writable(connection.wsi) }
    }

    /// Asks for a clean close at the next writeable callback, dropping after `seconds`.
    func requestClose(
        _ connection: WebSocketConnection, code: CloseCode, reason: String, within seconds: Int32,
        dropQueued: Bool = true
    ) {
        guard connection.pendingClose == nil else { return }
        if dropQueued { connection.outbound.removeAll() }
        connection.pendingClose = (code, reason)
        lws_callback_on_writable(connection.wsi)
        atelier_lws_close_within(connection.wsi, seconds)
    }

    /// Sets the close frame and tells lws to close (return the result from the callback).
    func closeNow(_ connection: WebSocketConnection, code: CloseCode, reason: String) -> Int32 {
        connection.closeCode = code
        setCloseReason(connection, code: code, reason: reason)
        return -1
    }

    private func setCloseReason(_ connection: WebSocketConnection, code: CloseCode, reason: String) {
        var text = Array(reason.utf8.prefix(123))
        text.withUnsafeMutableBufferPointer { buffer in
            lws_close_reason(
                connection.wsi, lws_close_status(rawValue: UInt32(code.rawValue)), buffer.baseAddress, buffer.count)
        }
    }

    /// The peer sent a close frame: remember its code.
    func peerClosed(_ wsi: OpaquePointer, _ payload: UnsafeRawBufferPointer) {
        guard let connection = sockets[wsi] else { return }
        if payload.count >= 2 {
            connection.closeCode = CloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        } else {
            connection.closeCode = .noStatus
        }
    }

    func closed(_ wsi: OpaquePointer) {
        handshakes.removeValue(forKey: wsi)
        guard let connection = sockets.removeValue(forKey: wsi) else { return }
        socketsByID.removeValue(forKey: connection.id)
        connection.outbound.removeAll()
        openCount.wrappingSubtract(1, ordering: .relaxed)
        metrics.connectionsOpen.record(socketsByID.count)
        metrics.recordClose(connection.closeCode)
        emit(.closed(connection.id, connection.closeCode))
    }
}
