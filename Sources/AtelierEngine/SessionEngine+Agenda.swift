import AtelierKit

extension SessionEngine {
    func decideAgenda(_ command: SessionCommand, in state: SessionState) -> Result<[SessionEvent], Rejection> {
        let last = state.setup.agenda.count - 1
        let target: Int
        switch command {
        case .nextStep:
            guard state.currentStep < last else { return .failure(.invalidState("this is the last step").because("agenda.last-step")) }
            target = state.currentStep + 1
        case .previousStep:
            guard state.currentStep > 0 else { return .failure(.invalidState("this is the first step").because("agenda.first-step")) }
            target = state.currentStep - 1
        case .goToStep(let index):
            guard (0...last).contains(index) else {
                return .failure(Rejection(.notFound, "no step \(index); steps go from 0 to \(last)"))
            }
            target = index
        default:
            return .success([])
        }
        return .success(target == state.currentStep ? [] : [.stepChanged(index: target)])
    }

    func decideTimer(_ command: SessionCommand, in state: SessionState, now: Int64) -> Result<[SessionEvent], Rejection> {
        let timer = state.timer
        switch command {
        case .startTimer(let seconds):
            let duration = seconds ?? state.step.timeboxSeconds
            guard duration > 0, duration <= Self.maxTimerSeconds else {
                return .failure(.badRequest("a timer lasts from 1 to \(Self.maxTimerSeconds) seconds"))
            }
            guard timer.status != .running else { return .failure(.invalidState("the timer is already running").because("timer.running")) }
            let ms = Int64(duration) * 1000
            return .success([.timerStarted(durationMs: ms, deadline: now + ms)])
        case .pauseTimer:
            guard timer.status == .running, let deadline = timer.deadline else {
                return .failure(.invalidState("the timer is not running").because("timer.not-running"))
            }
            return .success([.timerPaused(remainingMs: max(0, deadline - now))])
        case .resumeTimer:
            guard timer.status == .paused, let remaining = timer.remainingMs else {
                return .failure(.invalidState("the timer is not paused").because("timer.not-paused"))
            }
            return .success([.timerResumed(deadline: now + remaining)])
        case .extendTimer(let seconds):
            guard seconds > 0, seconds <= Self.maxTimerSeconds else {
                return .failure(.badRequest("extend by 1 to \(Self.maxTimerSeconds) seconds"))
            }
            guard timer.status == .running || timer.status == .paused else {
                return .failure(.invalidState("only a running or paused timer can be extended").because("timer.idle"))
            }
            return .success([.timerExtended(byMs: Int64(seconds) * 1000)])
        case .resetTimer:
            return .success(timer.status == .idle ? [] : [.timerReset])
        default:
            return .success([])
        }
    }
}
