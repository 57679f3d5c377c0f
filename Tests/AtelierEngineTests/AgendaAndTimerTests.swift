import AtelierEngine
import AtelierKit
import Testing

@Suite struct AgendaTests {
    @Test func previousOnTheFirstStepAndNextOnTheLastAreInvalidState() throws {
        var host = try Fixtures.workshop()
        #expect(host.decide(.previousStep, by: Member.lead).code == .invalidState)
        try host.accept(.goToStep(2), by: Member.lead)
        #expect(host.decide(.nextStep, by: Member.lead).code == .invalidState)
        #expect(host.state.currentStep == 2)
    }

    @Test(arguments: [-1, 3, 100, Int.min, Int.max])
    func goingToAMissingStepIsNotFound(_ index: Int) throws {
        let host = try Fixtures.workshop()
        #expect(host.decide(.goToStep(index), by: Member.cofacilitator).code == .notFound)
    }

    @Test func movesProduceStepChangedAndStayingPutProducesNothing() throws {
        var host = try Fixtures.workshop()
        #expect(try host.accept(.nextStep, by: Member.lead) == [.stepChanged(index: 1)])
        #expect(try host.accept(.nextStep, by: Member.cofacilitator) == [.stepChanged(index: 2)])
        #expect(try host.accept(.previousStep, by: Member.lead) == [.stepChanged(index: 1)])
        #expect(try host.accept(.goToStep(0), by: Member.lead) == [.stepChanged(index: 0)])
        #expect(try host.accept(.goToStep(0), by: Member.lead) == [])
        #expect(host.state.currentStep == 0)
    }

    @Test(arguments: [0, 1, 2])
    func aStepChangeResetsTheTimerToTheNewTimebox(_ target: Int) throws {
        var host = try Fixtures.workshop()
        try host.accept(.goToStep(target == 0 ? 1 : 0), by: Member.lead)
        try host.accept(.startTimer(seconds: 42), by: Member.lead)
        host.advance(seconds: 5)
        try host.accept(.goToStep(target), by: Member.lead)
        let timer = host.state.timer
        #expect(timer.status == .idle)
        #expect(timer.durationMs == Int64(Fixtures.timeboxes[target]) * 1000)
        #expect(timer.deadline == nil && timer.remainingMs == nil)
    }

    @Test func theInitialTimerHoldsTheFirstTimebox() {
        let host = TestHost()
        let timer = host.state.timer
        #expect(timer.status == .idle && timer.durationMs == 300_000 && timer.run == 0)
        #expect(timer.deadline == nil && timer.remainingMs == nil)
    }
}

@Suite struct TimerTests {
    @Test func startUsesTheTimeboxOrTheGivenSecondsFromNow() throws {
        var host = try Fixtures.workshop()
        host.advance(ms: 1234)
        #expect(
            try host.accept(.startTimer(seconds: nil), by: Member.lead)
                == [.timerStarted(durationMs: 300_000, deadline: host.now + 300_000)])
        try host.accept(.resetTimer, by: Member.lead)
        #expect(
            try host.accept(.startTimer(seconds: 90), by: Member.lead)
                == [.timerStarted(durationMs: 90_000, deadline: host.now + 90_000)])
        #expect(host.state.timer.status == .running)
        #expect(host.state.timer.deadline == Fixtures.t0 + 1234 + 90_000)
    }

    @Test(arguments: [0, -5, SessionEngine.maxTimerSeconds + 1])
    func startRefusesDurationsOutOfRange(_ seconds: Int) throws {
        let host = try Fixtures.workshop()
        #expect(host.decide(.startTimer(seconds: seconds), by: Member.lead).code == .badRequest)
    }

    @Test func startWithoutSecondsOnAStepWithoutTimeboxIsABadRequest() throws {
        let step = AgendaStep(
            title: "Open", activity: "briefing", settings: ActivitySettings(values: [:]), timeboxSeconds: 0)
        var host = TestHost(setup: Fixtures.setup(agenda: [step]))
        let lead = try host.join("Fanny", as: .facilitator)
        #expect(host.decide(.startTimer(seconds: nil), by: lead).code == .badRequest)
        #expect(host.decide(.startTimer(seconds: SessionEngine.maxTimerSeconds), by: lead).events != nil)
    }

    @Test func startingARunningTimerIsInvalidButPausedOrElapsedMayRestart() throws {
        var host = try Fixtures.workshop()
        try host.accept(.startTimer(seconds: 10), by: Member.lead)
        #expect(host.decide(.startTimer(seconds: 10), by: Member.lead).code == .invalidState)
        try host.accept(.pauseTimer, by: Member.lead)
        #expect(host.decide(.startTimer(seconds: 10), by: Member.lead).events != nil)
        try host.accept(.resumeTimer, by: Member.lead)
        host.advance(seconds: 10)
        #expect(try host.system(.timerElapsed(run: host.state.timer.run)).get() == [.timerElapsed])
        #expect(host.state.timer.status == .elapsed)
        #expect(host.decide(.startTimer(seconds: 10), by: Member.lead).events != nil)
    }

    @Test func pauseKeepsTheRemainderAndResumeSetsANewDeadline() throws {
        var host = try Fixtures.workshop()
        try host.accept(.startTimer(seconds: 60), by: Member.lead)
        host.advance(ms: 15_500)
        #expect(try host.accept(.pauseTimer, by: Member.cofacilitator) == [.timerPaused(remainingMs: 44_500)])
        #expect(host.state.timer.status == .paused && host.state.timer.deadline == nil)
        host.advance(seconds: 600)  // paused time does not count
        #expect(try host.accept(.resumeTimer, by: Member.lead) == [.timerResumed(deadline: host.now + 44_500)])
        #expect(host.state.timer.status == .running && host.state.timer.remainingMs == nil)
    }

    @Test func pausingAfterTheDeadlineLeavesZero() throws {
        var host = try Fixtures.workshop()
        try host.accept(.startTimer(seconds: 1), by: Member.lead)
        host.advance(seconds: 5)
        #expect(try host.accept(.pauseTimer, by: Member.lead) == [.timerPaused(remainingMs: 0)])
    }

    @Test func pauseAndResumeNeedTheRightState() throws {
        var host = try Fixtures.workshop()
        #expect(host.decide(.pauseTimer, by: Member.lead).code == .invalidState)
        #expect(host.decide(.resumeTimer, by: Member.lead).code == .invalidState)
        try host.accept(.startTimer(seconds: 30), by: Member.lead)
        #expect(host.decide(.resumeTimer, by: Member.lead).code == .invalidState)
        try host.accept(.pauseTimer, by: Member.lead)
        #expect(host.decide(.pauseTimer, by: Member.lead).code == .invalidState)
    }

    @Test func extendMovesTheDeadlineWhenRunningAndTheRemainderWhenPaused() throws {
        var host = try Fixtures.workshop()
        #expect(host.decide(.extendTimer(seconds: 30), by: Member.lead).code == .invalidState)
        try host.accept(.startTimer(seconds: 60), by: Member.lead)
        let deadline = try #require(host.state.timer.deadline)
        #expect(try host.accept(.extendTimer(seconds: 30), by: Member.lead) == [.timerExtended(byMs: 30_000)])
        #expect(host.state.timer.deadline == deadline + 30_000)
        #expect(host.state.timer.durationMs == 90_000)
        host.advance(seconds: 10)
        try host.accept(.pauseTimer, by: Member.lead)
        #expect(host.state.timer.remainingMs == 80_000)
        try host.accept(.extendTimer(seconds: 20), by: Member.lead)
        #expect(host.state.timer.remainingMs == 100_000)
        #expect(host.state.timer.status == .paused)
    }

    @Test(arguments: [0, -1, SessionEngine.maxTimerSeconds + 1])
    func extendRefusesAmountsOutOfRange(_ seconds: Int) throws {
        var host = try Fixtures.workshop()
        try host.accept(.startTimer(seconds: 60), by: Member.lead)
        #expect(host.decide(.extendTimer(seconds: seconds), by: Member.lead).code == .badRequest)
    }

    @Test func resetGoesBackToIdleWithTheTimeboxAndIsANoOpWhenIdle() throws {
        var host = try Fixtures.workshop()
        #expect(try host.accept(.resetTimer, by: Member.lead) == [])
        try host.accept(.startTimer(seconds: 60), by: Member.lead)
        #expect(try host.accept(.resetTimer, by: Member.cofacilitator) == [.timerReset])
        #expect(host.state.timer.status == .idle)
        #expect(host.state.timer.durationMs == 300_000)
        #expect(host.state.timer.deadline == nil && host.state.timer.remainingMs == nil)
    }

    @Test func elapsedOnlyWhenNowReachesTheDeadlineOfTheCurrentRun() throws {
        var host = try Fixtures.workshop()
        try host.accept(.startTimer(seconds: 60), by: Member.lead)
        let run = host.state.timer.run
        host.advance(ms: 59_999)
        #expect(try host.system(.timerElapsed(run: run)).get() == [])
        #expect(try host.system(.timerElapsed(run: run + 1)).get() == [])
        host.advance(ms: 1)
        #expect(try host.system(.timerElapsed(run: run - 1)).get() == [])
        #expect(try host.system(.timerElapsed(run: run)).get() == [.timerElapsed])
        #expect(host.state.timer.status == .elapsed && host.state.timer.remainingMs == 0 && host.state.timer.deadline == nil)
        #expect(try host.system(.timerElapsed(run: run)).get() == [])  // already elapsed
    }

    @Test(arguments: ["pause+resume", "extend", "reset+start", "step change+start"])
    func wakeUpsOfAnEarlierRunAreStale(_ change: String) throws {
        var host = try Fixtures.workshop()
        try host.accept(.startTimer(seconds: 60), by: Member.lead)
        let staleRun = host.state.timer.run
        switch change {
        case "pause+resume":
            try host.accept(.pauseTimer, by: Member.lead)
            try host.accept(.resumeTimer, by: Member.lead)
        case "extend":
            try host.accept(.extendTimer(seconds: 60), by: Member.lead)
        case "reset+start":
            try host.accept(.resetTimer, by: Member.lead)
            try host.accept(.startTimer(seconds: 60), by: Member.lead)
        default:
            try host.accept(.nextStep, by: Member.lead)
            try host.accept(.startTimer(seconds: 60), by: Member.lead)
        }
        #expect(host.state.timer.run > staleRun)
        host.advance(seconds: 3600)
        #expect(try host.system(.timerElapsed(run: staleRun)).get() == [])
        #expect(host.state.timer.status == .running)
        #expect(try host.system(.timerElapsed(run: host.state.timer.run)).get() == [.timerElapsed])
    }

    @Test func aPausedOrIdleTimerNeverElapses() throws {
        var host = try Fixtures.workshop()
        #expect(try host.system(.timerElapsed(run: host.state.timer.run)).get() == [])
        try host.accept(.startTimer(seconds: 1), by: Member.lead)
        try host.accept(.pauseTimer, by: Member.lead)
        host.advance(seconds: 100)
        #expect(try host.system(.timerElapsed(run: host.state.timer.run)).get() == [])
    }
}
