extension String {
    /// Without leading and trailing spaces and line breaks (what activities keep of a
    /// typed text or a template's line).
    public var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    /// The text itself when it has at most `limit` characters; else its beginning, cut
    /// after the last whole word that fits (inside the word when the first one is longer),
    /// without the spaces and punctuation the cut leaves at its end, followed by "…": at
    /// most `limit` characters in all, the ellipsis included (what minutes quote of a long
    /// text).
    public func shortened(to limit: Int) -> String {
        guard count > limit else { return self }
        guard limit > 1 else { return "…" }
        let room = limit - 1
        let head = prefix(room)
        var kept = head
        if !self[index(startIndex, offsetBy: room)].isWhitespace, let space = head.lastIndex(where: \.isWhitespace) {
            kept = head[..<space]
        }
        while let last = kept.last, last.isWhitespace || ",;:.!?-–—".contains(last) { kept.removeLast() }
        return String(kept.isEmpty ? head : kept) + "…"
    }

    /// Every run of spaces and line breaks as one space, none at either end (a text
    /// quoted inside one line of Markdown).
    public var onOneLine: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
