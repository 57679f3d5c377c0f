/// An activity's user-facing strings (minutes headings, labels, setting names) in each
/// language it speaks, looked up by key: what an activity writes for people comes from
/// here, never from `if french` branches in its code.
///
/// ```swift
/// static let catalogue: Catalogue = [
///     "fr": ["minutes.heading": "### Tour de table", "minutes.cards": "Cartes : {count}"],
///     "en": ["minutes.heading": "### Theme round", "minutes.cards": "Cards: {count}"],
/// ]
/// catalogue.text("minutes.cards", "fr-FR", ["count": "3"])  // "Cartes : 3"
/// ```
public struct Catalogue: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The languages every catalogue must cover, French first.
    public static let languages = ["fr", "en"]

    /// Language → key → text; `{name}` marks a value filled in by `text(_:_:_:)`.
    public let strings: [String: [String: String]]

    /// A catalogue of `strings` (language → key → text).
    public init(_ strings: [String: [String: String]]) { self.strings = strings }

    /// A catalogue written as a literal.
    public init(dictionaryLiteral elements: (String, [String: String])...) {
        self.init(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    /// The text of `key` in `locale` ("fr", "fr-FR", "en"…; any other language gets
    /// French), with each `{name}` replaced by `values[name]`. A missing key gives the key
    /// itself, which the recipe test never lets through.
    public func text(_ key: String, _ locale: String, _ values: [String: String] = [:]) -> String {
        let language = String(locale.prefix(2)).lowercased()
        var text = strings[language]?[key] ?? strings["fr"]?[key] ?? key
        for (name, value) in values { text = text.replacing("{\(name)}", with: value) }
        return text
    }

    /// The text of `key` in every language of `languages` (a manifest's `names`), with the
    /// values of each language from `values`.
    public func texts(_ key: String, _ values: (String) -> [String: String] = { _ in [:] }) -> [String: String] {
        Dictionary(uniqueKeysWithValues: Self.languages.map { ($0, text(key, $0, values($0))) })
    }

    /// Keys some language lacks, by language (empty when every language has every key).
    public var missingKeys: [String: Set<String>] {
        let all = strings.values.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        var missing: [String: Set<String>] = [:]
        for language in Self.languages {
            let lacking = all.subtracting(strings[language]?.keys ?? [:].keys)
            if !lacking.isEmpty { missing[language] = lacking }
        }
        return missing
    }
}
