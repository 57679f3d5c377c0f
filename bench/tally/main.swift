// The tally benchmark: reads ballots files (bench/tally.py writes them), counts each one
// `rounds` times with the same code as the server and `atelier tally`, and prints one JSON
// line per file: the median milliseconds, and the result to cross-check.
//
//     AtelierTallyBenchmark ROUNDS FILE...

import AtelierKit
import Foundation
import Voting

let arguments = CommandLine.arguments.dropFirst()
guard let rounds = arguments.first.flatMap(Int.init), rounds > 0, arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: AtelierTallyBenchmark ROUNDS FILE...\n".utf8))
    exit(2)
}

for path in arguments.dropFirst() {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let input = try BallotFile.read(try JSONParser().parse(Array(data))).get()
    var times: [Double] = []
    var result: TallyResult?
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try Tally.run(input).get()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    times.sort()
    let line: JSONValue = [
        "file": .string((path as NSString).lastPathComponent),
        "method": .string(input.method.rawValue),
        "ballots": .int(input.ballots.reduce(0) { $0 + $1.count }),
        "options": .int(input.options.count),
        "median_ms": .double(times[times.count / 2]),
        "min_ms": .double(times[0]),
        "result": result!.json,
    ]
    FileHandle.standardOutput.write(Data(JSONWriter.bytes(line) + [0x0A]))
}
