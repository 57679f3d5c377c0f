/// The random bits a session host hands its engine with each decision (SplitMix64, seeded
/// once from the system's generator), so that deciding a command costs no system call.
///
/// Activities' chance (drawing a subject, shuffling an order) needs bits nobody can choose,
/// not secrets: tokens, invites, session ids and join codes come from `Secrets`.
struct Dice {
    private var state: UInt64

    /// Dice seeded from the system's generator, or from `seed` (tests).
    init(seed: UInt64 = Secrets.randomWord()) { state = seed }

    /// The next 64 bits.
    mutating func roll() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
