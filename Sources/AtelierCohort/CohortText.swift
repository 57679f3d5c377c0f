/// The cleaning every name and text of a cohort goes through.
public enum CohortText {
    /// `raw` with runs of white space made one space and control characters removed, when
    /// it then has 1 to `max` characters; nil otherwise.
    public static func clean(_ raw: String, max: Int) -> String? {
        let words = raw.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ").filter {
            !$0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
        }
        guard !joined.isEmpty, joined.count <= max else { return nil }
        return joined
    }

    /// A longer text (a subject): lines kept, trailing space trimmed, 1 to `max` characters.
    public static func cleanParagraphs(_ raw: String, max: Int) -> String? {
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.filter { $0 == "\t" || !$0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } })
        }
        let text = lines.joined(separator: "\n").trimmingWhitespace()
        guard !text.isEmpty, text.count <= max else { return nil }
        return text
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
