import AtelierKit
import Testing

@testable import AtelierServer

@Suite struct ServerFrameTests {
    @Test(arguments: ["c-1", "", "é \"quoted\" \\ back/slash\n\u{1}", String(repeating: "x", count: 64), "😀"])
    func directlyWrittenAcksHaveTheTreeBytes(_ command: String) {
        for duplicate in [false, true] {
            for seq in [0, 1, 987_654_321, Int.max] {
                var tree: [String: JSONValue] = ["type": "ack", "id": .string(command), "seq": .int(seq)]
                if duplicate { tree["duplicate"] = true }
                #expect(ServerFrame.ack(commandID: command, seq: seq, duplicate: duplicate) == JSONWriter.bytes(.object(tree)))
            }
        }
    }
}
