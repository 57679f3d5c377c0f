import ArgumentParser
import AtelierServer
import AtelierStore
import Foundation

/// `atelier`: the workshop server and its tools.
@main
struct AtelierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier",
        abstract: "A self-hosted server for live, remote co-development workshops.",
        version: AtelierVersion.current,
        subcommands: [Serve.self, Echo.self, CheckConfig.self, SessionsCommand.self, TallyCommand.self, ReplayCommand.self, ExportCommand.self],
        defaultSubcommand: Serve.self
    )

    /// Parses and runs; every usage or configuration error exits with code 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("atelier: \(error)\n".utf8))
            Foundation.exit(2)
        } catch let error as MaintenanceError {
            FileHandle.standardError.write(Data("atelier: \(error)\n".utf8))
            Foundation.exit(1)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("atelier: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 64 ? 2 : 1)
        }
    }
}
