import AtelierEngine
import Testing

@Suite struct RecentKeysTests {
    @Test func forgettingTheOldestKeepsTheRestInOrder() {
        var keys: RecentKeys = []
        var model: [String] = []
        for index in 0..<5000 {
            keys.append("k\(index)")
            model.append("k\(index)")
            if index % 3 == 0, model.count > 10 {
                let drop = index % 7
                keys.removeFirst(drop)
                model.removeFirst(drop)
            }
            if index % 97 == 0 { #expect(Array(keys) == model) }
        }
        #expect(Array(keys) == model)
        #expect(keys.count == model.count && keys.first == model.first && keys.last == model.last)
        #expect(keys == RecentKeys(model))
        #expect(RecentKeys(["a", "b"]) == ["a", "b"])
        #expect(RecentKeys(["a", "b"]) != ["b"])
    }
}
