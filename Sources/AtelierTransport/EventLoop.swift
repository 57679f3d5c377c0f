import CLibWebSockets
import Logging

/// The loop the service thread waits in: a libev loop (epoll on Linux) that libwebsockets
/// runs on as a "foreign" loop, or, where the libev event-lib plugin cannot be loaded,
/// libwebsockets' own `poll()` loop.
///
/// With `poll()` every wake-up (a message in, a frame to send) costs a scan of every open
/// socket; with epoll it costs the sockets that are ready. Service thread only.
final class EventLoop {
    /// How often lws is woken to service its timers when no socket is active.
    static let kickSeconds = 0.1

    private var loop: UnsafeMutableRawPointer?
    private var kick: UnsafeMutablePointer<atelier_ev_kick>?
    /// `info.foreign_loops`: one loop per service thread (there is one).
    private let foreignLoops = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)

    init() {
        loop = atelier_ev_loop_new()
        foreignLoops.initialize(to: loop)
    }

    /// Creates the context on the libev loop, or on lws' own loop if that fails.
    func createContext(_ info: inout lws_context_creation_info, logger: Logger) -> OpaquePointer? {
        if let loop {
            info.options |= UInt64(LWS_SERVER_OPTION_LIBEV)
            info.foreign_loops = foreignLoops
            if let created = lws_create_context(&info) {
                logger.info("event loop: libev", metadata: ["backend": "\(String(cString: atelier_ev_backend_name(loop)))"])
                kick = atelier_ev_kick_start(loop, created, Self.kickSeconds)
                return created
            }
            info.options &= ~UInt64(LWS_SERVER_OPTION_LIBEV)
            info.foreign_loops = nil
            atelier_ev_loop_destroy(loop)
            self.loop = nil
            foreignLoops.pointee = nil
        }
        let created = lws_create_context(&info)
        if created != nil { logger.notice("event loop: the libev plugin is not available; using poll()") }
        return created
    }

    /// Waits for and services what happened; false if the service loop failed.
    func serviceOnce(_ context: OpaquePointer) -> Bool {
        if let loop {
            _ = atelier_ev_run_once(loop)
            return true
        }
        return lws_service(context, 0) >= 0
    }

    /// After `lws_context_destroy`: lets the loop finish what lws left and frees it.
    func close() {
        if let loop {
            atelier_ev_kick_stop(loop, kick)
            kick = nil
            _ = atelier_ev_run_nowait(loop)
            atelier_ev_loop_destroy(loop)
            self.loop = nil
        }
        foreignLoops.deallocate()
    }
}
