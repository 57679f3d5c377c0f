import AtelierKit

/// The typed activity events of the last decision, kept so that folding them next into
/// the state they were decided against does not decode their JSON again.
///
/// Pass the same value to `decide(_:by:in:context:decoded:)` and then to
/// `apply(_:to:decoded:)` for each resulting envelope: an activity event whose JSON is the
/// next one decided is applied from its typed value. The state comes out exactly as with
/// `apply(_:to:)`.
public struct DecodedActivityEvents: Sendable {
    /// The events of the last decision, in order, as JSON and typed.
    var fresh: [(json: JSONValue, typed: any Sendable)] = []

    /// An empty memory.
    public init() {}

    /// How many decided events are still waiting to be applied.
    public var count: Int { fresh.count }

    /// Forgets the decided events (when they will not be applied).
    public mutating func removeAll() { fresh.removeAll() }
}
