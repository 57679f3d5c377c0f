import AtelierKit
import AtelierTransport
import Synchronization

@testable import AtelierServer

/// A session host's outbound port that records what it was asked to send and close, in
/// order: host tests read acknowledgements, answers and resumes without sockets.
final class RecordingOutbound: SessionOutbound {
    /// One thing the host did towards a connection.
    enum Record: Equatable {
        case frame(ConnectionID, JSONValue)
        case close(ConnectionID, code: UInt16, reason: String)
    }

    private let records = Mutex<[Record]>([])

    func send(_ bytes: [UInt8], to connections: [ConnectionID]) {
        let frame = (try? JSONValue.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self))
        records.withLock { records in records += connections.map { .frame($0, frame) } }
    }

    func send(_ bytes: [UInt8], to connection: ConnectionID) { send(bytes, to: [connection]) }

    func close(_ connection: ConnectionID, code: CloseCode, reason: String) {
        records.withLock { $0.append(.close(connection, code: code.rawValue, reason: reason)) }
    }

    /// Everything recorded so far.
    var all: [Record] { records.withLock { $0 } }

    /// The frames sent to `connection`, in order.
    func frames(to connection: ConnectionID) -> [JSONValue] {
        all.compactMap { if case .frame(connection, let frame) = $0 { frame } else { nil } }
    }

    /// Forgets what was recorded.
    func clear() { records.withLock { $0.removeAll() } }
}
