import AtelierKit

extension ThemeRound.State {
    /// Folds one event in. Total: an event that no longer fits (a card since removed)
    /// changes nothing.
    mutating func apply(_ event: ThemeRound.Event) {
        switch event {
        case .roundStarted(let theme, let queue, let at):
            rounds.append(.init(number: rounds.count + 1, theme: theme, startedAt: at, queue: queue))
        case .roundEnded(let at):
            running?.floor = nil
            running?.endedAt = at
        case .floorGiven(let speaker, let at, let deadline):
            running?.takeFloor(speaker, at: at, deadline: deadline)
        case .turnEnded(let speaker, let outcome, let at):
            guard var round = running, let floor = round.floor, floor.speaker == speaker else { return }
            round.turns.append(.init(speaker: speaker, outcome: outcome, spokeMs: max(0, at - floor.since)))
            round.floor = nil
            running = round
        case .timeUp(let speaker):
            if running?.floor?.speaker == speaker { running?.floor?.timeUp = true }
        case .turnExtended(let deadline):
            running?.floor?.deadline = deadline
            running?.floor?.timeUp = false
        case .queueSet(let queue):
            running?.queue = queue
        case .memberSkipped(let member):
            running?.removeFromWaiting(member)
            running?.skipped.append(member)
        case .memberBroughtBack(let member):
            running?.skipped.removeAll { $0 == member }
            running?.removeFromWaiting(member)
            running?.queue.insert([member], at: 0)
        case .memberAppended(let member):
            guard var round = running, !round.waiting.contains(member) else { return }
            if let slot = round.queue.firstIndex(where: { slot in pairs.contains { $0.contains(member) && $0.contains(slot[0]) } }),
                round.queue[slot].count < 2
            {
                round.queue[slot].append(member)
            } else {
                round.queue.append([member])
            }
            running = round
        case .memberLeft(let member):
            running?.removeFromWaiting(member)
            running?.skipped.removeAll { $0 == member }
            pairs = pairs.map { $0.filter { $0 != member } }.filter { $0.count > 1 }
        case .pairsSet(let newPairs):
            pairs = newPairs
        case .cardPosted(let card):
            running?.cards.append(card)
            nextID = max(nextID, card.id + 1)
        case .cardRemoved(let id):
            editRound(ofCard: id) { $0.cards.removeAll { $0.id == id } }
        case .dotGiven(let id, let member):
            editCard(id) { card in
                if !card.dots.contains(member) {
                    card.dots.insert(member, at: card.dots.firstIndex { $0 > member } ?? card.dots.endIndex)
                }
            }
        case .dotWithdrawn(let id, let member):
            editCard(id) { $0.dots.removeAll { $0 == member } }
        case .headingAdded(let heading):
            guard let last = rounds.indices.last else { return }
            rounds[last].headings.append(heading)
            nextID = max(nextID, heading.id + 1)
        case .headingRenamed(let id, let title):
            for index in rounds.indices {
                if let heading = rounds[index].headings.firstIndex(where: { $0.id == id }) {
                    rounds[index].headings[heading].title = title
                }
            }
        case .cardGrouped(let id, let heading):
            editCard(id) { $0.heading = heading }
        }
    }

    private mutating func editRound(ofCard id: Int, _ change: (inout ThemeRound.Round) -> Void) {
        guard let index = roundIndex(ofCard: id) else { return }
        change(&rounds[index])
    }

    private mutating func editCard(_ id: Int, _ change: (inout ThemeRound.Card) -> Void) {
        editRound(ofCard: id) { round in
            if let card = round.cards.firstIndex(where: { $0.id == id }) { change(&round.cards[card]) }
        }
    }
}

extension ThemeRound.Round {
    /// `speaker` takes the floor: from their partner's place, or their slot leaves the
    /// queue (a partner left waiting by a jump goes back to the front).
    mutating func takeFloor(_ speaker: ParticipantID, at: Int64, deadline: Int64) {
        if let index = partners.firstIndex(of: speaker) {
            partners.remove(at: index)
        } else {
            if !partners.isEmpty { queue.insert(partners, at: 0) }
            let slot = queue.first { $0.contains(speaker) } ?? [speaker]
            queue.removeAll { $0.contains(speaker) }
            partners = slot.filter { $0 != speaker }
        }
        skipped.removeAll { $0 == speaker }
        floor = .init(speaker: speaker, since: at, deadline: deadline)
    }

    /// Takes `member` out of the queue and the partner's place.
    mutating func removeFromWaiting(_ member: ParticipantID) {
        partners.removeAll { $0 == member }
        queue = queue.map { $0.filter { $0 != member } }.filter { !$0.isEmpty }
    }
}
