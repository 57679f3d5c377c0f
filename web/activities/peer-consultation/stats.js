/**
 * The facilitator's table of speaking time per person and per phase.
 *
 * @module activities/peer-consultation/stats
 */

import { formatDuration } from "../../js/time.js";

const P = "activity.peer-consultation";

/**
 * @param {HTMLTableElement} table
 * @param {any} view the activity's view (`speaking` is in the facilitators' view only)
 * @param {{ shown: boolean, name: (id: string) => string, h: typeof import("../../js/dom.js").h, t: (key: string, params?: object) => string }} options
 */
export function renderSpeakingStats(table, view, { shown, name, h, t }) {
  const speaking = view.speaking ?? {};
  const phases = view.phases.map((p) => p.id).filter((id) => speaking[id]);
  table.hidden = !shown || phases.length === 0;
  if (table.hidden) return;
  const people = [...new Set(phases.flatMap((id) => Object.keys(speaking[id])))];
  table.replaceChildren(
    h("caption", { text: t(`${P}.turns.stats`) }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t(`${P}.turns.person`) }),
      ...phases.map((id) => h("th", { scope: "col", text: t(`${P}.phaseShort.${id}`) })))),
    h("tbody", {}, ...people.map((person) => h("tr", {}, h("th", { scope: "row", text: name(person) }),
      ...phases.map((id) => h("td", { text: speaking[id][person] ? formatDuration(speaking[id][person]) : "—" }))))));
}
