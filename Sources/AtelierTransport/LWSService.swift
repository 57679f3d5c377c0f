import CLibWebSockets
import Foundation
import Logging
import Synchronization

/// A libwebsockets context pointer that may be handed to `lws_cancel_service` from any thread.
struct ContextHandle: @unchecked Sendable {
    // @unchecked Sendable: only lws_cancel_service (documented thread-safe) uses it off-thread.
    let pointer: OpaquePointer
}

/// Owns the libwebsockets context and its single service thread.
///
/// Everything marked "service thread" is touched only from inside lws callbacks or the
/// loop on that thread. Other threads talk to it through `inbox` and `wake()`.
final class LWSService: @unchecked Sendable {
    // @unchecked Sendable: mutable state is confined to the service thread; the inbox,
    // context handle and counters that other threads touch are behind Mutex/Atomic.

    let configuration: TransportConfiguration
    let logger: Logger
    let responder: HTTPResponder
    let metrics = TransportMetrics()
    let continuation: AsyncStream<TransportEvent>.Continuation
    let events: AsyncStream<TransportEvent>

    /// A class, not the closure itself: a closure read out of a `Mutex` by `inout` gets
    /// wrapped in one more reabstraction thunk at every read.
    private final class EventHandler: Sendable {
        let deliver: @Sendable (TransportEvent) -> Void
        init(_ deliver: @escaping @Sendable (TransportEvent) -> Void) { self.deliver = deliver }
    }

    private let handler = Mutex<EventHandler?>(nil)
    private let inbox = Mutex<[ServiceCommand]>([])
    private let context = Mutex<ContextHandle?>(nil)
    let openCount = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private let nextRawID = Atomic<UInt64>(1)

    // Service thread only.
    var sockets: [OpaquePointer: WebSocketConnection] = [:]
    var socketsByID: [ConnectionID: WebSocketConnection] = [:]
    var exchanges: [OpaquePointer: HTTPExchange] = [:]
    var exchangesByID: [ConnectionID: HTTPExchange] = [:]
    var handshakes: [OpaquePointer: ConnectionInfo] = [:]
    var shutdownDeadline: UInt64?

    init(configuration: TransportConfiguration, logger: Logger, responder: @escaping HTTPResponder) {
        self.configuration = configuration
        self.logger = logger
        self.responder = responder
        (events, continuation) = AsyncStream.makeStream(of: TransportEvent.self, bufferingPolicy: .unbounded)
    }

    /// Delivers events to `handler` on this thread instead of the `events` stream.
    func handleEvents(_ handler: @escaping @Sendable (TransportEvent) -> Void) {
        let box = EventHandler(handler)
        self.handler.withLock { $0 = box }
    }

    /// Service thread: hands one event to the handler, or to the `events` stream.
    func emit(_ event: TransportEvent) {
        if let handler = handler.withLock({ $0 }) {
            handler.deliver(event)
        } else {
            continuation.yield(event)
        }
    }

    func makeID() -> ConnectionID {
        ConnectionID(rawValue: nextRawID.wrappingAdd(1, ordering: .relaxed).oldValue)
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) }

    // MARK: Starting and stopping

    /// Starts the service thread and waits until it listens; returns the bound port.
    func start() throws -> Int {
        let ready = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Int, TransportError>?>(nil)
        let thread = Thread { [self] in
            self.run { result in
                outcome.withLock { $0 = result }
                ready.signal()
            }
        }
        thread.name = "atelier-lws"
        thread.start()
        ready.wait()
        return try outcome.withLock { $0! }.get()
    }

    private func run(reportStart: (Result<Int, TransportError>) -> Void) {
        let resources = LWSResources(configuration: configuration)
        var info = lws_context_creation_info()
        info.port = Int32(configuration.port)
        info.iface = UnsafePointer(resources.interface)
        info.protocols = UnsafePointer(resources.protocols)
        info.mounts = UnsafePointer(resources.mount)
        info.headers = UnsafePointer(resources.headers)
        info.vhost_name = UnsafePointer(resources.vhostName)
        info.server_string = UnsafePointer(resources.serverName)
        info.alpn = UnsafePointer(resources.alpn)
        info.retry_and_idle_policy = UnsafePointer(resources.retryPolicy)
        info.timeout_secs = 20
        info.user = Unmanaged.passUnretained(self).toOpaque()
        info.options = UInt64(LWS_SERVER_OPTION_VALIDATE_UTF8) | UInt64(LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND)
        if !configuration.host.contains(":") {
            info.options |= UInt64(LWS_SERVER_OPTION_DISABLE_IPV6)
        }
        if let certificate = resources.certificatePath, let key = resources.privateKeyPath {
            info.options |= UInt64(LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT)
            info.ssl_cert_filepath = UnsafePointer(certificate)
            info.ssl_private_key_filepath = UnsafePointer(key)
        }
        LWSLogBridge.install()

        let eventLoop = EventLoop()
        guard let created = eventLoop.createContext(&info, logger: logger) else {
            reportStart(.failure(.cannotListen(host: configuration.host, port: configuration.port)))
            return
        }
        let vhost = lws_get_vhost_by_name(created, resources.vhostName)
        let port = vhost.map { Int(lws_get_vhost_listen_port($0)) } ?? configuration.port
        context.withLock { $0 = ContextHandle(pointer: created) }
        reportStart(.success(port))

        while !shouldStop() {
            if !eventLoop.serviceOnce(created) { break }
        }
        context.withLock { $0 = nil }
        lws_context_destroy(created)
        eventLoop.close()
        withExtendedLifetime(resources) {}
        for connection in sockets.values {
            emit(.closed(connection.id, connection.closeCode ?? .goingAway))
        }
        sockets.removeAll()
        socketsByID.removeAll()
        openCount.store(0, ordering: .relaxed)
        continuation.finish()
        finished.store(true, ordering: .releasing)
    }

    private func shouldStop() -> Bool {
        guard let deadline = shutdownDeadline else { return false }
        return sockets.isEmpty || DispatchTime.now().uptimeNanoseconds >= deadline
    }

    // MARK: Talking to the service thread

    /// Queues a command and wakes the service thread if it was not already due to drain.
    func enqueue(_ command: ServiceCommand) {
        let wasEmpty = inbox.withLock { commands in
            commands.append(command)
            return commands.count == 1
        }
        if wasEmpty { wake() }
    }

    /// Wakes the service thread (safe from any thread, a no-op once stopped).
    func wake() {
        context.withLock { handle in
            if let handle { lws_cancel_service(handle.pointer) }
        }
    }

    /// Service thread: runs every queued command.
    func drainInbox() {
        let commands = inbox.withLock { commands in
            let taken = commands
            commands.removeAll(keepingCapacity: true)
            return taken
        }
        for command in commands { perform(command) }
    }

    private func perform(_ command: ServiceCommand) {
        switch command {
        case .send(let frame, let id):
            if let connection = socketsByID[id] { queue(frame, on: connection) }
        case .sendMany(let frame, let ids):
            for id in ids {
                if let connection = socketsByID[id] { queue(frame, on: connection) }
            }
        case .broadcast(let frame):
            for connection in socketsByID.values { queue(frame, on: connection) }
        case .close(let id, let code, let reason):
            if let connection = socketsByID[id] {
                requestClose(connection, code: code, reason: reason, within: 5, dropQueued: false)
            }
        case .respond(let id, let response):
            if let exchange = exchangesByID[id] {
                exchange.response = response
                lws_callback_on_writable(exchange.wsi)
            }
        case .shutdown(let deadline):
            guard shutdownDeadline == nil else { return }
            shutdownDeadline = deadline
            for connection in socketsByID.values {
                requestClose(connection, code: .goingAway, reason: "server shutting down", within: 1)
            }
        }
    }
}

/// Why the transport could not start.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    /// libwebsockets could not create its context (port taken, bad certificate, bad address).
    case cannotListen(host: String, port: Int)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port):
            "cannot listen on \(host):\(port) (address in use, bad interface, or unreadable TLS files)"
        }
    }
}
