import AtelierEngine
import AtelierKit
import Briefing
import FollowUp
import PeerConsultation
import ThemeRound
import Voting

/// The one list of activities this server runs. Adding an activity is the recipe in
/// docs/activities/README.md: a folder in `Plugins/` and one in `web/activities/`, a line
/// in Package.swift's `activities`, and a line here (`ActivityRecipeTests` checks the rest).
public enum Activities {
    /// Every activity type, in the order they were added.
    public static let all: [any Activity.Type] = [
        Briefing.self,
        PeerConsultation.self,
        ThemeRound.self,
        Voting.self,
        FollowUp.self,
    ]

    /// Every activity, by id.
    public static let registry = ActivityRegistry(all)
}
