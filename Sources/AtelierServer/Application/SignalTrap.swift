import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Catches SIGTERM and SIGINT from the first moment of the process, so a signal that
/// arrives while the server is still starting is a graceful shutdown, never a kill, and
/// never lost.
///
/// A real handler (`sigaction`) runs on whichever thread the kernel picks and only writes
/// a byte to a pipe (async-signal-safe); a dispatch read source on the pipe calls
/// `handler`. The byte waits in the pipe until it is read, so a signal is never dropped.
/// (A dispatch signal source with `SIG_IGN`, used before, lost the signal whenever the
/// kernel delivered it to a thread that did not block it, such as the libwebsockets
/// thread: about one start in a hundred under load never stopped on SIGTERM.)
final class SignalTrap {
    private let source: any DispatchSourceRead
    private let signals: [Int32]

    /// Installs the handler for `signals` and calls `handler` whenever one arrives.
    init(signals: [Int32] = [SIGTERM, SIGINT], handler: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("cannot create the signal pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        SignalPipe.writeEnd = fds[1]
        let readEnd = fds[0]
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var bytes = [UInt8](repeating: 0, count: 64)
            var caught = false
            while read(readEnd, &bytes, bytes.count) > 0 { caught = true }
            if caught { handler() }
        }
        source.resume()
        self.signals = signals
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SignalPipe.handle
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    deinit {
        for number in signals { signal(number, SIG_DFL) }
        source.cancel()
    }
}

/// The write end of the signal pipe, read by the C handler.
private enum SignalPipe {
    nonisolated(unsafe) static var writeEnd: Int32 = -1

    /// The signal handler: one `write`, nothing else (async-signal-safe).
    static let handle: @convention(c) (Int32) -> Void = { _ in
        var byte: UInt8 = 1
        _ = write(SignalPipe.writeEnd, &byte, 1)
    }
}
