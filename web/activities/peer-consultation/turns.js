/**
 * The activity's own speaking turns: who has the floor and for how long, the
 * hand a participant raises or lowers, ending a turn, the queue (the
 * facilitator gives the floor from it) and the facilitator's speaking
 * statistics. Announces who gets the floor.
 *
 * @module activities/peer-consultation/turns
 */

import { formatDuration } from "../../js/time.js";
import { section } from "./parts.js";
import { renderSpeakingStats } from "./stats.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createTurns({ h, t, act, announce }) {
  const turns = section(h, "turns");
  const speakerLine = h("p", { class: "pc-speaker", dataset: { testid: "speaker" } });
  const handButton = h("button", { type: "button", class: "button button-secondary", "aria-pressed": "false", dataset: { testid: "pc-hand" } });
  const endTurnButton = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "endTurn" }) });
  const handList = h("ol", { class: "hands" });
  const statsTable = h("table", { class: "pc-stats" });
  turns.root.append(speakerLine, h("p", { class: "button-row" }, handButton, endTurnButton), handList, statsTable);

  let raised = false;
  handButton.addEventListener("click", () => act({ kind: raised ? "lowerHand" : "raiseHand" }));

  return {
    root: turns.root,

    /**
     * @param {any} view
     * @param {any} previous the view drawn before this one (null at first)
     * @param {import("./reader.js").Reader} reader
     */
    update(view, previous, { me, participant, lead, readOnly, name }) {
      turns.heading.textContent = t(`${P}.turns.heading`);
      raised = view.hands.includes(me);
      handButton.hidden = !participant || readOnly || view.speaker === me;
      handButton.setAttribute("aria-pressed", String(raised));
      handButton.textContent = t(raised ? `${P}.turns.lower` : `${P}.turns.raise`);
      endTurnButton.hidden = readOnly || !(view.speaker && (lead || view.speaker === me));
      endTurnButton.textContent = t(`${P}.turns.end`);
      speakerLine.hidden = !view.speaker;
      if (!view.speaker) speakerLine.textContent = "";
      if (previous && view.speaker && previous.speaker !== view.speaker) announce(t(`${P}.announce.floor`, { name: name(view.speaker) }));
      handList.replaceChildren(...view.hands.map((id, index) => h("li", { class: "hand" },
        h("span", { class: "hand-rank", text: `${index + 1}.` }), " ", h("span", { class: "hand-name", text: name(id) }),
        lead && !readOnly
          ? h("button", { type: "button", class: "button button-small", onclick: () => act({ kind: "giveFloor", participant: id }), "aria-label": t("hands.giveFloorTo", { name: name(id) }) }, t("hands.giveFloor"))
          : null)));
      renderSpeakingStats(statsTable, view, { shown: lead && !readOnly, name, h, t });
      // No empty heading: the part shows only when someone speaks, waits, may ask, or times are kept.
      turns.root.hidden = !view.speaker && view.hands.length === 0 && handButton.hidden && statsTable.hidden;
    },

    /**
     * Who has the floor and for how long (redrawn every second while someone speaks).
     * @param {any} view
     * @param {import("../../js/activity-host.js").ActivityContext} context
     * @param {number} now the server's clock
     */
    tick(view, context, now) {
      if (view.speaker) speakerLine.textContent = t(`${P}.turns.speaking`, { name: context.memberName(view.speaker), time: formatDuration(now - view.speakerSince) });
    },
  };
}
