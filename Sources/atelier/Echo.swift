import ArgumentParser
import AtelierServer
import AtelierTransport

/// `atelier echo`: the transport alone, for protocol conformance suites and benchmarks.
struct Echo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Echo every WebSocket message back (any subprotocol or none, binary allowed).")

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on, 0 for any free port.")
    var port: Int = 9001

    @Option(name: .customLong("max-message"), help: "Largest message in bytes (larger: close 1009).")
    var maxMessage: Int = 64 * 1024

    @Option(name: .customLong("max-queue"), help: "Largest outbound queue per connection in bytes.")
    var maxQueue: Int?

    @Flag(help: "Relay every message to all connections instead of echoing it to its sender.")
    var relay = false

    @Option(name: .customLong("log-format"), help: "Log format: text or json.")
    var logFormat: AtelierConfiguration.LogFormat = .text

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxMessage > 0 else { throw ValidationError("--max-message must be positive") }
        if let maxQueue, maxQueue < maxMessage {
            throw ValidationError("--max-queue must be at least --max-message")
        }
    }

    func run() async throws {
        AtelierApplication.bootstrapLogging(format: logFormat, level: "info")
        var transport = TransportConfiguration()
        transport.host = host
        transport.port = port
        transport.requiredSubprotocol = nil
        transport.allowsBinary = true
        transport.maxMessageBytes = maxMessage
        transport.maxQueueBytes = maxQueue ?? max(16 << 20, 4 * maxMessage)
        transport.webRoot = nil
        try await AtelierApplication.echo(transport, relay: relay)
    }
}

extension AtelierConfiguration.LogFormat: ExpressibleByArgument {}
