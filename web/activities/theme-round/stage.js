/**
 * The stage: the round's theme, who has the floor and the time left (large,
 * redrawn every second), who is next, and the buttons of the moment — the
 * speaker's (finished, pass, hand the stick on) and the facilitator's (give
 * the floor, next, +1 min, end the round). Announces a new speaker and the
 * time running out.
 *
 * @module activities/theme-round/stage
 */

import { formatDuration } from "../../js/time.js";
import { P } from "./kit.js";

/** @param {import("./kit.js").Kit} kit */
export function createStage({ h, t, act, announce }) {
  const theme = h("h3", { class: "tr-theme", dataset: { testid: "round-theme" } });
  const speaker = h("p", { class: "tr-speaker", dataset: { testid: "round-speaker" } });
  const clock = h("p", { class: "tr-clock", role: "timer", "aria-live": "off", dataset: { testid: "round-clock" } });
  const next = h("p", { class: "tr-next", dataset: { testid: "round-next" } });
  const myPlace = h("p", { class: "tr-my-place", dataset: { testid: "round-my-place" } });
  const primary = h("button", { type: "button", class: "button button-primary", dataset: { testid: "round-primary" } });
  const pass = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "pass" }) });
  const extend = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "extend", seconds: 60 }) });
  const end = h("button", { type: "button", class: "button button-link", onclick: () => act({ kind: "endRound" }) });
  const stickLabel = h("label", { for: "tr-stick" });
  const stick = h("select", { id: "tr-stick", class: "input input-small" });
  const stickButton = h("button", { type: "button", class: "button button-secondary", onclick: () => stick.value && act({ kind: "giveFloor", participant: stick.value }) });
  const stickRow = h("div", { class: "tr-stick" }, stickLabel, stick, stickButton);
  const buttons = h("div", { class: "button-row tr-buttons" }, primary, pass, extend, end);
  const root = h("section", { class: "tr-stage", "aria-labelledby": "tr-theme-heading" }, theme, speaker, clock, next, myPlace, buttons, stickRow);
  theme.id = "tr-theme-heading";

  /** @type {() => void} */
  let onPrimary = () => {};
  primary.addEventListener("click", () => onPrimary());
  let lastSpeaker = null;
  let saidTimeUp = false;

  return {
    root,

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     */
    update(view, reader) {
      const { round, running, lead, speaking, participant, acts, me, name, names } = reader;
      root.hidden = !round;
      if (!round) return;
      theme.textContent = t(running ? `${P}.stage.theme` : `${P}.stage.ended`, { number: round.number, theme: round.theme });
      const floor = running ? round.floor : undefined;
      speaker.textContent = floor
        ? (speaking ? t(`${P}.stage.you`) : t(`${P}.stage.floor`, { name: name(floor.speaker) }))
        : running ? t(round.next ? `${P}.stage.waiting` : `${P}.stage.allHeard`) : "";
      speaker.dataset.me = String(speaking);
      const nextSlot = round.partners.length ? [round.partners[0]] : round.queue[0];
      next.textContent = running && nextSlot ? t(`${P}.stage.next`, { name: names(nextSlot) }) : "";
      next.hidden = !next.textContent;
      const place = round.partners.includes(me) ? 0 : round.queue.findIndex((slot) => slot.includes(me));
      myPlace.textContent = running && participant && !speaking && place >= 0
        ? t(place === 0 ? `${P}.stage.youAreNext` : `${P}.stage.yourPlace`, { count: place + 1 })
        : "";
      myPlace.hidden = !myPlace.textContent;

      // The primary action of the moment: the speaker's "finished", or the facilitator's next move.
      primary.hidden = !running || !((speaking && acts) || lead);
      if (speaking && acts) {
        primary.textContent = t(`${P}.stage.finish`);
        onPrimary = () => act({ kind: "finish" });
      } else if (lead && round.next) {
        primary.textContent = t(floor ? `${P}.stage.nextTo` : `${P}.stage.start`, { name: name(round.next) });
        onPrimary = () => act({ kind: "next" });
      } else if (lead) {
        primary.textContent = t(`${P}.stage.endRound`);
        onPrimary = () => act({ kind: "endRound" });
      }
      pass.hidden = !(speaking && acts);
      pass.textContent = t(`${P}.stage.pass`);
      extend.hidden = !(lead && floor);
      extend.textContent = t(`${P}.stage.extend`);
      end.hidden = !(lead && running && round.next);
      end.textContent = t(`${P}.stage.endRound`);
      buttons.hidden = [primary, pass, extend, end].every((button) => button.hidden);

      const waiting = [...round.partners, ...round.queue.flat()];
      stickRow.hidden = !(view.talkingStick && speaking && acts && waiting.length > 0);
      stickLabel.textContent = t(`${P}.stage.handTo`);
      stickButton.textContent = t(`${P}.stage.hand`);
      const chosen = stick.value;
      stick.replaceChildren(...waiting.map((id) => h("option", { value: id, text: name(id) })));
      if (waiting.includes(chosen)) stick.value = chosen;

      const current = floor?.speaker ?? null;
      if (current && current !== lastSpeaker) {
        announce(current === me ? t(`${P}.announce.you`) : t(`${P}.announce.floor`, { name: name(current) }));
        saidTimeUp = false;
      }
      lastSpeaker = current;
    },

    /**
     * The time left for the speaker (redrawn every second while someone has the floor).
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     * @param {number} now the server's clock
     */
    tick(view, reader, now, pageShowsClock = false) {
      const floor = reader.running ? reader.round.floor : undefined;
      // The page's big countdown already follows the speaker's time: one timer per moment.
      clock.hidden = !floor || pageShowsClock;
      if (!floor) return;
      const over = floor.timeUp || floor.deadline <= now;
      clock.textContent = over ? t(`${P}.stage.timeUp`) : formatDuration(floor.deadline - now);
      clock.dataset.over = String(over);
      clock.setAttribute("aria-label", over ? t(`${P}.stage.timeUp`) : t(`${P}.stage.timeLeft`, { time: formatDuration(floor.deadline - now) }));
      if (over && !saidTimeUp) {
        saidTimeUp = true;
        announce(t(`${P}.announce.timeUp`, { name: reader.name(floor.speaker) }));
      }
    },
  };
}
