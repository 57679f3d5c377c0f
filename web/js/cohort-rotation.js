/**
 * « Prochain client proposé » on the cohort's dashboard (`/cohortes`): the territory that
 * should bring the next co-development case, first of the dashboard's `rotation`, with why
 * (« jamais client », « dernier cas : Séance N », « un sujet en attente »), its binôme, and
 * the whole order after it. The rule is the server's: never a client first, then the case
 * longest ago, a waiting subject first among equals.
 *
 * @module cohort-rotation
 */

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { plural } from "./cohort-ui.js";
import { tile } from "./charts.js";

/**
 * Why a territory comes where it does in the rotation, in words: « jamais client · un sujet
 * en attente », « 1 cas · dernier cas : Séance 1 ».
 * @param {any} board the dashboard
 * @param {any} territory one of `board.territories`
 * @returns {string}
 */
export function rotationReason(board, territory) {
  const index = board.seances.findIndex((seance) => seance.id === territory.lastCase);
  const parts = territory.cases > 0
    ? [plural("dashboard.next.cases", territory.cases), index >= 0 ? t("dashboard.next.lastCase", { seance: t("dashboard.seance", { n: index + 1 }) }) : ""]
    : [t("dashboard.next.never")];
  if (territory.subjects > 0) parts.push(plural("dashboard.next.subjects", territory.subjects));
  return parts.filter(Boolean).join(" · ");
}

/**
 * The tile: the proposed territory, why, its binôme, then the order.
 * @param {{ cohort: any, dashboard: any }} page
 * @returns {HTMLElement}
 */
export function nextClientTile(page) {
  const board = page.dashboard;
  const byId = new Map(board.territories.map((territory) => [territory.id, territory]));
  const order = board.rotation.map((id) => byId.get(id)).filter(Boolean);
  const first = order[0];
  if (!first) {
    return tile("dashboard-next", t("dashboard.next.title"), h("p", { class: "chart-summary", text: t("dashboard.next.noTerritory") }));
  }
  const names = (page.cohort.territories.find((territory) => territory.id === first.id)?.members ?? [])
    .filter((member) => !member.erased).map((member) => member.name);
  return tile("dashboard-next", t("dashboard.next.title"),
    h("p", { class: "next-client-name", dataset: { territory: first.id }, text: first.name }),
    h("p", { class: "next-client-why", dataset: { testid: "next-why" }, text: rotationReason(board, first) }),
    names.length > 0 && h("p", { class: "chart-note", text: t("dashboard.next.binome", { names: names.join(t("dashboard.and")) }) }),
    order.length > 1 && [
      h("h4", { id: "dashboard-next-order", class: "chart-subtitle", text: t("dashboard.next.order") }),
      h("ol", { class: "rotation", "aria-labelledby": "dashboard-next-order" }, order.map((territory, index) =>
        h("li", { class: "rotation-item", dataset: { territory: territory.id, first: String(index === 0) } },
          h("span", { class: "rotation-name", text: territory.name }),
          h("span", { class: "rotation-why", text: rotationReason(board, territory) })))),
    ],
    h("p", { class: "hint", text: t("dashboard.next.rule") }));
}
