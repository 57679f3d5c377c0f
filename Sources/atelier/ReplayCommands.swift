import ArgumentParser
import AtelierEngine
import AtelierKit
import AtelierServer
import AtelierStore
import Foundation

/// `atelier replay ID --at SEQ|TIME --as AUDIENCE`: the view of a stored session at a
/// moment, as an audience or a member saw it, printed as JSON.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Print a stored session's view at a moment, as an audience or a member saw it.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The session id.") var session: String
    @Option(help: "An event's seq (1 is the creation), or a time (ISO 8601, e.g. 2026-12-03T14:05:00Z): the last event at or before it.")
    var at: String
    @Option(name: .customLong("as"), help: "facilitator, participant, observer, projector, or a member id (p3).")
    var audience: String = "participant"

    func run() async throws {
        let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: false)
        defer { withExtendedLifetime(lock) {} }
        guard let index = try await maintenance.replayIndex(session: session) else { throw StoreError.unknownSession(session) }
        let seq: Int
        if let number = Int(at) {
            guard (1...index.lastSeq).contains(number) else { throw ValidationError("--at must be between 1 and \(index.lastSeq)") }
            seq = number
        } else if let date = ISO8601DateFormatter().date(from: at) {
            let ms = Int64(date.timeIntervalSince1970 * 1000)
            guard let moment = index.moments.last(where: { $0.at <= ms }) else { throw ValidationError("the session began after \(at)") }
            seq = moment.seq
        } else {
            throw ValidationError("--at is a seq or an ISO 8601 time")
        }
        guard let view = index.view(at: seq, as: audience) else { throw ValidationError("no member \(audience) at seq \(seq)") }
        let answer: JSONValue = ["seq": .int(seq), "at": .int(Int(index.moments[seq - 1].at)), "as": .string(audience), "view": view]
        FileHandle.standardOutput.write(Data(answer.encodedBytes() + [0x0A]))
    }
}

/// `atelier export ID --format md|html|jsonl|csv [-o FILE]`: the minutes (Markdown or a
/// printable HTML page), the log as people may read it, or the contributions (CSV).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a stored session: minutes (md, html), its log (jsonl) or contributions (csv).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The session id.") var session: String
    @Option(help: "md, html, jsonl or csv.") var format: String
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        guard let chosen = SessionExports.Format(rawValue: format) else {
            throw ValidationError("--format must be one of md, html, jsonl, csv")
        }
        let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: false)
        defer { withExtendedLifetime(lock) {} }
        let bytes = try await maintenance.export(session: session, format: chosen)
        if let output {
            try Data(bytes).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
