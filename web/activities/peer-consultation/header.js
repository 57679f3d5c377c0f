/**
 * The phase header: the phases with the current one marked, the case (when
 * there are several), the time left in the phase, the client, and the rule of
 * the phase for this reader. Announces a new phase and a new client.
 *
 * @module activities/peer-consultation/header
 */

import { formatDuration } from "../../js/time.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createHeader({ h, t, announce }) {
  const phaseList = h("ol", { class: "pc-phases" });
  const caseLine = h("p", { class: "pc-case" });
  const phaseTime = h("p", { class: "pc-phase-time", dataset: { testid: "phase-time" } });
  const rule = h("p", { class: "pc-rule", dataset: { testid: "phase-rule" } });
  const clientLine = h("p", { class: "pc-client", dataset: { testid: "client" } });
  const root = h("div", { class: "pc-header" }, phaseList, caseLine, phaseTime, clientLine, rule);

  return {
    root,

    /**
     * @param {any} view
     * @param {any} previous the view drawn before this one (null at first)
     * @param {import("./reader.js").Reader} reader
     */
    update(view, previous, { who, phase, name }) {
      phaseList.replaceChildren(...view.phases.map((entry) =>
        h("li", { class: "pc-phase", "aria-current": entry.id === phase ? "step" : null, dataset: { phase: entry.id } },
          t(`${P}.phase.${entry.id}`, { number: entry.number }))));
      caseLine.textContent = view.cases > 1 ? t(`${P}.case`, { case: view.case, cases: view.cases }) : "";
      caseLine.hidden = view.cases <= 1;
      const clients = clientNames(view, name, t);
      clientLine.textContent = view.client
        ? t(phase === "consultation" && view.clientListens ? `${P}.clientListening` : `${P}.clientIs`, { name: clients })
        : t(`${P}.noClient`);
      rule.textContent = t(`${P}.rule.${phase}.${who}`);
      if (previous && previous.phase !== phase) announce(t(`${P}.announce.phase`, { phase: t(`${P}.phase.${phase}`, { number: view.phases.find((p) => p.id === phase)?.number ?? "" }) }));
      if (previous && previous.client !== view.client && view.client) announce(t(`${P}.announce.client`, { name: clients }));
    },

    /**
     * The time left in the phase (redrawn every second while the phase has a deadline).
     * @param {any} view
     * @param {number} now the server's clock
     */
    tick(view, now, pageShowsClock = false) {
      // The page's big countdown already follows the phase: one timer per moment.
      phaseTime.hidden = pageShowsClock;
      phaseTime.textContent = typeof view.deadline === "number"
        ? t(`${P}.phaseTime`, { time: formatDuration(view.deadline - now) })
        : "";
      phaseTime.dataset.over = String(typeof view.deadline === "number" && view.deadline <= now);
    },
  };
}

/**
 * The client's name, with their co-clients' (a territory's binôme): « Awa et Bruno ».
 * @param {any} view @param {(id: string) => string} name @param {(key: string) => string} t
 */
function clientNames(view, name, t) {
  const names = [view.client, ...(view.coClients ?? [])].map(name);
  return names.length < 2 ? names[0] ?? "" : `${names.slice(0, -1).join(", ")}${t(`${P}.and`)}${names[names.length - 1]}`;
}
