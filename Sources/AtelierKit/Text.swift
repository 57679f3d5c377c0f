extension String {
    /// Without leading and trailing spaces and line breaks (what activities keep of a
    /// typed text or a template's line).
    public var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
