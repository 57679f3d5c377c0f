import AtelierKit

/// The random bits a session host hands its engine with each decision (SplitMix64, seeded
/// once from the system's generator), so that deciding a command costs no system call.
///
/// Activities' chance (drawing a subject, shuffling an order) needs bits nobody can choose,
/// not secrets: tokens, invites, session ids and join codes come from `Secrets`.
struct Dice {
    private var mixer: SplitMix64

    /// Dice seeded from the system's generator, or from `seed` (tests).
    init(seed: UInt64 = Secrets.randomWord()) { mixer = SplitMix64(seed: seed) }

    /// The next 64 bits.
    mutating func roll() -> UInt64 { mixer.next() }
}
