import AtelierKit

/// Who may send which intent: the one table the engine consults before anything else.
///
/// | intent                         | facilitator | cofacilitator | participant | observer |
/// |--------------------------------|:-----------:|:-------------:|:-----------:|:--------:|
/// | raiseHand                      |             |               |      ✓      |          |
/// | lowerHand (own)                |      ✓      |       ✓       |      ✓      |          |
/// | lowerHand (someone else's)     |      ✓      |       ✓       |             |          |
/// | setRole                        |      ✓      |  ✓ (¹)        |             |          |
/// | handOver                       |      ✓      |               |             |          |
/// | remove                         |      ✓      |  ✓ (²)        |             |          |
/// | nextStep, previousStep, goToStep |    ✓      |       ✓       |             |          |
/// | startTimer … resetTimer        |      ✓      |       ✓       |             |          |
/// | activity                       |      ✓      |       ✓       |      ✓      |          |
///
/// (¹) only between participant and observer. (²) not another facilitator.
/// Activity intents are then judged by the activity itself. Observers never act.
public enum Permissions {
    /// Roles allowed to send each intent kind at all.
    public static let table: [String: Set<Role>] = [
        "raiseHand": [.participant],
        "lowerHand": [.facilitator, .cofacilitator, .participant],
        "setRole": [.facilitator, .cofacilitator],
        "handOver": [.facilitator],
        "remove": [.facilitator, .cofacilitator],
        "nextStep": [.facilitator, .cofacilitator],
        "previousStep": [.facilitator, .cofacilitator],
        "goToStep": [.facilitator, .cofacilitator],
        "startTimer": [.facilitator, .cofacilitator],
        "pauseTimer": [.facilitator, .cofacilitator],
        "resumeTimer": [.facilitator, .cofacilitator],
        "extendTimer": [.facilitator, .cofacilitator],
        "resetTimer": [.facilitator, .cofacilitator],
        "activity": [.facilitator, .cofacilitator, .participant],
    ]

    /// Whether `role` may send `command` at all.
    public static func allows(_ role: Role, _ command: SessionCommand) -> Bool {
        table[command.kind]?.contains(role) ?? false
    }
}
