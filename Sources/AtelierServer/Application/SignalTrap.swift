import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Catches SIGTERM and SIGINT from the first moment of the process, so a signal that
/// arrives while the server is still starting is a graceful shutdown, never a kill.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// Ignores the default action of `signals` and calls `handler` whenever one arrives.
    init(signals: [Int32] = [SIGTERM, SIGINT], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
