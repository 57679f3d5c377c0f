import AtelierKit

/// Activity events decoded while deciding or folding envelopes into one state, kept so
/// that folding the same events (again) does not decode them again.
///
/// The session host folds each event twice: into its working state when decided, and into
/// its committed state once stored. Passing one `DecodedActivityEvents` to both folds
/// (`.keep` then `.reuse`) halves the decoding; the states come out exactly as without it.
public struct DecodedActivityEvents: Sendable {
    /// What a fold does with the events.
    public enum Mode: Sendable {
        /// Remember every activity event it decodes.
        case keep
        /// Take the remembered event of each `seq` instead of decoding it (and forget it).
        case reuse
    }

    var bySeq: [Int: any Sendable] = [:]
    /// The events of the last decision, in order, as JSON and typed: a `.keep` fold takes
    /// the typed value when the event it applies is the next one here.
    var fresh: [(json: JSONValue, typed: any Sendable)] = []

    /// An empty memory.
    public init() {}

    /// How many decoded events are remembered.
    public var count: Int { bySeq.count + fresh.count }

    /// Forgets everything (when the envelopes will never be folded again).
    public mutating func removeAll() {
        bySeq.removeAll()
        fresh.removeAll()
    }
}
