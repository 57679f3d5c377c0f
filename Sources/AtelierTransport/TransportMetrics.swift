import Metrics
import Synchronization

/// The transport's counters, created once, with bounded dimensions (close code only).
final class TransportMetrics: Sendable {
    let connectionsOpen = Gauge(label: "atelier_ws_connections_open")
    let connectionsTotal = Counter(label: "atelier_ws_connections_total")
    let handshakesRefused = Counter(label: "atelier_ws_handshakes_refused_total")
    let messagesIn = Counter(label: "atelier_ws_messages_in_total")
    let messagesOut = Counter(label: "atelier_ws_messages_out_total")
    let bytesIn = Counter(label: "atelier_ws_bytes_in_total")
    let bytesOut = Counter(label: "atelier_ws_bytes_out_total")
    let httpRequests = Counter(label: "atelier_http_dynamic_requests_total")
    private let closes: Mutex<[String: Counter]>

    /// The close codes whose series exist from the start, so dashboards see zeros.
    static let expectedCloseCodes: [CloseCode] = [
        .normal, .goingAway, .protocolError, .unsupportedData, .noStatus, .abnormal, .invalidPayload,
        .policyViolation, .messageTooBig,
    ]

    init() {
        var counters: [String: Counter] = [:]
        for code in Self.expectedCloseCodes {
            counters[code.metricLabel] = Counter(label: "atelier_ws_closes_total", dimensions: [("code", code.metricLabel)])
        }
        closes = Mutex(counters)
    }

    /// Counts one closed WebSocket under its close code ("1006" when none was exchanged).
    func recordClose(_ code: CloseCode?) {
        let label = (code ?? .abnormal).metricLabel
        let counter = closes.withLock { counters in
            if let existing = counters[label] { return existing }
            let created = Counter(label: "atelier_ws_closes_total", dimensions: [("code", label)])
            counters[label] = created
            return created
        }
        counter.increment()
    }
}
