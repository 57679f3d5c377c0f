/**
 * The speaking order: who waits (in order, a territory's pair on one line),
 * who was skipped, who has spoken (and how). The facilitator moves people up
 * and down, gives the floor, skips and brings back; everyone else reads.
 *
 * @module activities/theme-round/queue
 */

import { P } from "./kit.js";

/** @param {import("./kit.js").Kit} kit */
export function createQueue({ h, t, act }) {
  const heading = h("h3", { id: "tr-queue-heading", class: "tr-heading" });
  const waiting = h("ol", { class: "tr-queue", dataset: { testid: "round-queue" } });
  const skippedTitle = h("h4", { class: "tr-subheading" });
  const skipped = h("ul", { class: "tr-queue tr-skipped", dataset: { testid: "round-skipped" } });
  const doneTitle = h("h4", { class: "tr-subheading" });
  const done = h("ul", { class: "tr-queue tr-done", dataset: { testid: "round-done" } });
  const root = h("section", { class: "tr-section tr-order", "aria-labelledby": "tr-queue-heading" },
    heading, waiting, skippedTitle, skipped, doneTitle, done);

  /** A small button with a full label for screen readers. */
  const small = (text, label, intent) =>
    h("button", { type: "button", class: "button button-small", "aria-label": label, onclick: () => act(intent) }, text);

  return {
    root,

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     */
    update(view, { round, running, lead, name, names }) {
      root.hidden = !running;
      if (!running) return;
      heading.textContent = t(`${P}.queue.heading`);
      const slots = round.partners.length ? [round.partners, ...round.queue] : round.queue;
      waiting.replaceChildren(...slots.map((slot, index) => {
        const inQueue = round.partners.length ? index - 1 : index;
        const first = slot[0];
        const label = names(slot);
        return h("li", { class: "tr-slot", dataset: { member: first } },
          h("span", { class: "tr-slot-name", text: label }),
          index === 0 && round.partners.length ? h("span", { class: "tr-tag", text: t(`${P}.queue.partner`) }) : null,
          lead ? h("span", { class: "tr-slot-actions" },
            inQueue > 0 ? small("↑", t(`${P}.queue.up`, { name: label }), { kind: "move", participant: first, position: inQueue - 1 }) : null,
            inQueue >= 0 && inQueue < round.queue.length - 1 ? small("↓", t(`${P}.queue.down`, { name: label }), { kind: "move", participant: first, position: inQueue + 1 }) : null,
            small(t(`${P}.queue.give`), t(`${P}.queue.giveTo`, { name: name(first) }), { kind: "giveFloor", participant: first }),
            small(t(`${P}.queue.skip`), t(`${P}.queue.skipWho`, { name: name(first) }), { kind: "skip", participant: first }),
          ) : null);
      }));
      if (!slots.length) waiting.append(h("li", { class: "muted", text: t(`${P}.queue.empty`) }));

      skippedTitle.textContent = t(`${P}.queue.skipped`);
      skippedTitle.hidden = skipped.hidden = round.skipped.length === 0;
      skipped.replaceChildren(...round.skipped.map((id) => h("li", { class: "tr-slot" },
        h("span", { class: "tr-slot-name", text: name(id) }),
        lead ? small(t(`${P}.queue.bringBack`), t(`${P}.queue.bringBackWho`, { name: name(id) }), { kind: "bringBack", participant: id }) : null)));

      doneTitle.textContent = t(`${P}.queue.done`);
      doneTitle.hidden = done.hidden = round.turns.length === 0;
      const heard = [...new Set(round.turns.map((turn) => turn.speaker))];
      done.replaceChildren(...heard.map((id) => {
        const last = round.turns.filter((turn) => turn.speaker === id).at(-1);
        const again = lead && round.floor?.speaker !== id && !slots.flat().includes(id) && !round.skipped.includes(id);
        return h("li", { class: "tr-slot" },
          h("span", { class: "tr-slot-name", text: name(id) }),
          h("span", { class: "tr-tag", text: t(`${P}.outcome.${last.outcome}`) }),
          again ? small(t(`${P}.queue.bringBack`), t(`${P}.queue.bringBackWho`, { name: name(id) }), { kind: "bringBack", participant: id }) : null);
      }));
    },
  };
}
