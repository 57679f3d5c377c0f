import ArgumentParser
import AtelierServer
import AtelierStore
import Foundation

/// `atelier sessions …`: the data lifecycle of stored sessions.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List, purge, export, import, erase and repair stored sessions.",
        subcommands: [List.self, Purge.self, ExportLog.self, ImportLog.self, Erase.self, Repair.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored sessions, oldest first; damaged ones are marked (see `sessions repair`).")
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON instead of a table.") var json = false
        @Flag(name: .customLong("set-aside"), help: "List what repairs set aside instead.") var setAside = false

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: false)
            if setAside {
                try printSetAside(try await maintenance.setAside())
            } else {
                try printSessions(try await maintenance.list())
            }
            withExtendedLifetime(lock) {}
        }

        private func printSessions(_ sessions: [SessionMaintenance.Listed]) throws {
            guard !json else { return try printJSON(sessions) }
            print("id\tcreated\tcode\tevents\tepoch\tstate\ttemplate\ttitle")
            for session in sessions {
                let state = session.damage.map { "DAMAGED (\($0))" } ?? "ok"
                print(
                    "\(session.id)\t\(Self.time(session.createdAt))\t\(session.joinCode)\t\(session.events)\t\(session.epoch)"
                        + "\t\(state)\t\(session.template)\t\(session.title)")
            }
            let damaged = sessions.filter { $0.damage != nil }.count
            if damaged > 0 {
                print("\(damaged) damaged session(s): a server does not serve them; `atelier sessions repair ID` repairs one")
            }
        }

        private func printSetAside(_ records: [SetAsideSession]) throws {
            guard !json else { return try printJSON(records) }
            print("id\tset aside\tevents kept aside\tevents left live\treason")
            for record in records {
                print("\(record.id)\t\(Self.time(record.setAsideAt))\t\(record.events)\t\(record.keptLive)\t\(record.reason)")
            }
        }

        private func printJSON(_ value: some Encodable) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        }

        private static func time(_ milliseconds: Int64) -> String {
            Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete sessions created before a given age.")
        @OptionGroup var options: ConfigOptions
        @Option(name: .customLong("older-than"), help: "Age such as 90d, 12h, 30m or 45s.") var olderThan: String
        @Flag(name: .customLong("dry-run"), help: "Only print what would be deleted.") var dryRun = false

        func run() async throws {
            guard let age = DurationText.milliseconds(olderThan) else {
                throw ValidationError("--older-than expects a number followed by s, m, h or d (e.g. 90d)")
            }
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: !dryRun)
            let cutoff = Int64(Date().timeIntervalSince1970 * 1000) - age
            let ids = try await maintenance.purge(createdBefore: cutoff, dryRun: dryRun)
            print("\(dryRun ? "would delete" : "deleted") \(ids.count) session(s)\(ids.isEmpty ? "" : ": " + ids.joined(separator: ", "))")
            withExtendedLifetime(lock) {}
        }
    }

    struct ExportLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-log", abstract: "Write a session's event log as JSON Lines.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Session id.") var session: String
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: false)
            let bytes = try await maintenance.exportLog(session: session)
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
            withExtendedLifetime(lock) {}
        }
    }

    struct ImportLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-log", abstract: "Store a session's log exported by export-log (checked by replaying it).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "A JSON Lines file from export-log.") var file: String
        @Flag(help: "Replace the log of an existing session with the same id (clients resync).") var replace = false

        func run() async throws {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: true)
            let stored = try await maintenance.importLog(Array(bytes), replace: replace)
            print("imported session \(stored.id): \(stored.lastSeq) events, epoch \(stored.epoch)")
            withExtendedLifetime(lock) {}
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a member's personal data: their name becomes a pseudonym; the log still replays.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Session id.") var session: String
        @Argument(help: "Member id (p1, p2 …).") var participant: String
        @Flag(name: .customLong("remove-texts"), help: "Also remove the free texts they wrote.") var removeTexts = false

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: true)
            let changed = try await maintenance.erase(session: session, participant: participant, removeTexts: removeTexts)
            print("erased \(participant) in \(session): \(changed) event(s) rewritten")
            withExtendedLifetime(lock) {}
        }
    }

    struct Repair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Repair a damaged session: keep what of its log rebuilds, or move it aside; nothing is deleted.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Session id.") var session: String

        func run() async throws {
            let (maintenance, lock) = try await AtelierApplication.maintenance(try await options.load(), exclusive: true)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            switch try await maintenance.repair(session: session, now: now) {
            case .sound:
                print("session \(session) is not damaged: nothing changed")
            case .rebuilt(let kept, let total, let reason):
                print(
                    "rebuilt session \(session) from its first \(kept) of \(total) events (\(reason)); "
                        + "clients resync; the whole log as it was is kept aside (`atelier sessions list --set-aside`)")
            case .movedAside(let events, let reason):
                print(
                    "moved session \(session) aside: nothing of it rebuilds (\(reason)); its record and \(events) events "
                        + "are kept aside, not deleted (`atelier sessions list --set-aside`)")
            }
            withExtendedLifetime(lock) {}
        }
    }
}
