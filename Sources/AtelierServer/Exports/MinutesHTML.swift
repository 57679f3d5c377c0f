import Foundation

/// The minutes as a printable HTML page: the Markdown the activities write (headings,
/// paragraphs, lists, tables, **bold**, *italic*, line breaks), escaped, in a page whose
/// style sheet is made for paper (print to PDF from a browser gives the document a
/// trainer sends the group). Standalone: the style is inside, no script.
enum MinutesHTML {
    static func page(title: String, locale: String, markdown: String) -> String {
        """
        <!doctype html>
        <html lang="\(escape(locale))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main>
        \(body(markdown))
        </main>
        </body>
        </html>

        """
    }

    static let style = """
        body { margin: 0; color: #1c2226; background: #fff; font: 11pt/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
        main { max-width: 46rem; margin: 2rem auto; padding: 0 1.5rem; }
        h1 { font-size: 1.8rem; margin: 0 0 0.5rem; }
        h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid #0a6660; break-after: avoid; }
        h3 { font-size: 1.1rem; margin: 1.25rem 0 0.4rem; break-after: avoid; }
        h4 { font-size: 1rem; margin: 1rem 0 0.3rem; break-after: avoid; }
        p, li { orphans: 3; widows: 3; }
        ul, ol { padding-left: 1.4rem; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        th, td { border: 1px solid #c9c4ba; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
        th { background: #f1efe9; }
        @page { margin: 18mm 16mm; }
        @media print { main { margin: 0; max-width: none; padding: 0; } h2 { break-before: auto; } tr, li { break-inside: avoid; } }
        """

    /// The Markdown subset, as HTML.
    static func body(_ markdown: String) -> String {
        var html: [String] = []
        var paragraph: [String] = []
        var list: (tag: String, items: [String])?
        var table: [[String]] = []

        func flush() {
            if !paragraph.isEmpty { html.append("<p>\(paragraph.map(inline).joined(separator: "<br>\n"))</p>") }
            paragraph = []
            if let open = list { html.append("<\(open.tag)>\(open.items.map { "<li>\(inline($0))</li>" }.joined())</\(open.tag)>") }
            list = nil
            if !table.isEmpty {
                let head = table[0].map { "<th>\(inline($0))</th>" }.joined()
                let rows = table.dropFirst().map { "<tr>\($0.map { "<td>\(inline($0))</td>" }.joined())</tr>" }.joined()
                html.append("<table><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table>")
            }
            table = []
        }

        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let line = raw.hasSuffix("  ") ? String(raw.dropLast(2)) : raw
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty { flush(); continue }
            if let level = [4, 3, 2, 1].first(where: { trimmed.hasPrefix(String(repeating: "#", count: $0) + " ") }) {
                flush()
                html.append("<h\(level)>\(inline(String(trimmed.dropFirst(level + 1))))</h\(level)>")
            } else if trimmed.hasPrefix("|") {
                if list != nil || !paragraph.isEmpty { flush() }
                let cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if !cells.allSatisfy({ !$0.isEmpty && $0.allSatisfy { "-:".contains($0) } }) { table.append(cells) }
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                if list?.tag != "ul" { flush(); list = ("ul", []) }
                list!.items.append(String(trimmed.dropFirst(2)))
            } else if let dot = trimmed.firstIndex(of: "."), trimmed[..<dot].allSatisfy(\.isNumber), !trimmed[..<dot].isEmpty,
                trimmed[trimmed.index(after: dot)...].hasPrefix(" ")
            {
                if list?.tag != "ol" { flush(); list = ("ol", []) }
                list!.items.append(String(trimmed[trimmed.index(dot, offsetBy: 2)...]))
            } else if line.hasPrefix("  "), list != nil {
                list!.items[list!.items.count - 1] += "\n" + String(trimmed)
            } else {
                if list != nil || !table.isEmpty { flush() }
                paragraph.append(String(trimmed))
            }
        }
        flush()
        return html.joined(separator: "\n")
    }

    /// Escapes, then **bold** and *italic*; a line break inside a list item becomes `<br>`.
    static func inline(_ text: String) -> String {
        var out = escape(text)
        out = replacingPairs(in: out, marker: "**", open: "<strong>", close: "</strong>")
        out = replacingPairs(in: out, marker: "*", open: "<em>", close: "</em>")
        return out.replacingOccurrences(of: "\n", with: "<br>")
    }

    private static func replacingPairs(in text: String, marker: String, open: String, close: String) -> String {
        let parts = text.components(separatedBy: marker)
        guard parts.count >= 3 else { return text }
        var out = parts[0]
        for (index, part) in parts.dropFirst().enumerated() {
            let closing = index % 2 == 1
            let isLastUnpaired = index == parts.count - 2 && index % 2 == 0
            out += isLastUnpaired ? marker + part : (closing ? close : open) + part
        }
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
