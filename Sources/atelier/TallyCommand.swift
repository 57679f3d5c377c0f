import ArgumentParser
import AtelierKit
import Foundation
import Voting

/// `atelier tally FILE`: recounts a vote from its ballots file (docs/voting.md) and prints
/// the result as JSON. A bad file is named with its problem and exits with 2.
struct TallyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Recount a vote from a ballots file and print the result as JSON.",
        discussion: """
            The file: {"method": "single|yes-no|approval|dot|schulze|irv|majority-judgment|consent|fist-to-five",
            "options": [...], "grades": [best ... worst] (majority judgment), "ballots": [{"count": 3, "choice": "A"}, ...]}.
            Use - to read standard input.
            """)

    @Argument(help: "The ballots file (JSON), or - for standard input.")
    var file: String

    func run() throws {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            fail("cannot read \(file)")
        }
        guard let value = try? JSONValue.parse(Array(data)) else { fail("\(file) is not valid JSON") }
        let result = BallotFile.read(value).flatMap(Tally.run)
        switch result {
        case .success(let tally):
            FileHandle.standardOutput.write(Data(tally.json.encodedBytes() + [0x0A]))
        case .failure(let error):
            fail("\(file): \(error.message)")
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("atelier tally: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
