/**
 * « Retours au territoire » on the cohorts page: for each séance of the plan that was
 * opened, each territory's sheet (its request, its actions, the group's constats et
 * enseignements, to whom the binôme passed it on), to read in the page, print or download
 * as a printable page. The latest séance comes first and unfolded.
 *
 * @module cohort-sheets
 */

import { byId, h, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";
import { call, refusalSentence } from "./cohort-api.js";
import { formatDay, plural } from "./cohort-ui.js";
import { keyId, sheetFileName, sheetViewer } from "./actions-sheets.js";

/**
 * What this section needs from the page.
 * @typedef {object} SheetsPage
 * @property {any} cohort the cohort view
 */

/** @type {import("./actions-sheets.js").SheetStore} which sheets are open, their text */
const store = { open: new Set(), texts: new Map() };

/** @type {Set<string> | null} the séances unfolded, by planned id (null: none drawn yet) */
let unfolded = null;

/** The cohort whose sheets are drawn (another one starts afresh). */
let drawnFor = "";

/** Forgets the sheets' text (an action reviewed changes them); the open ones are loaded again. */
export function forgetSheets() {
  store.texts.clear();
}

/**
 * Draws a section per séance opened, latest first.
 * @param {SheetsPage} page
 */
export function drawSheets(page) {
  if (drawnFor !== page.cohort.id) {
    drawnFor = page.cohort.id;
    unfolded = null;
    store.open.clear();
    store.texts.clear();
  }
  const held = page.cohort.plan.filter((session) => session.status === "open").reverse();
  unfolded ??= new Set(held.slice(0, 1).map((session) => session.id));
  byId("sheets-empty").hidden = held.length > 0;
  replaceChildren(byId("sheets"), held.map((session) => sessionSheets(page, session)));
}

/**
 * Shows the sheets of a séance: unfolds it, brings it into view and focuses it.
 * @param {SheetsPage} page
 * @param {string} planned
 */
export function showSheetsOf(page, planned) {
  unfolded?.add(planned);
  drawSheets(page);
  const details = document.getElementById(`sheets-${keyId(planned)}`);
  if (!details) return;
  details.setAttribute("open", "");
  details.scrollIntoView({ block: "start" });
  details.querySelector("summary")?.focus({ preventScroll: true });
}

/**
 * One séance: its territories' sheets.
 * @param {SheetsPage} page
 * @param {any} session
 */
function sessionSheets(page, session) {
  const id = `sheets-${keyId(session.id)}`;
  const day = formatDay(session.date, { day: "numeric", month: "short", year: "numeric" });
  const territories = page.cohort.territories;
  const details = h("details", { id, class: "sheets-session", open: unfolded?.has(session.id), dataset: { planned: session.id } },
    h("summary", { class: "sheets-summary" },
      h("span", { class: "sheets-title", text: session.title }),
      h("span", { class: "muted", text: [day, plural("cohorts.count.sheets", territories.length)].filter(Boolean).join(" · ") })),
    territories.length === 0
      ? h("p", { class: "muted", text: t("cohorts.sheets.noTerritory") })
      : h("ul", { class: "sheet-rows" }, territories.map((territory) => sheetRow(page, session, territory))));
  details.addEventListener("toggle", () => {
    if (/** @type {HTMLDetailsElement} */ (details).open) unfolded?.add(session.id);
    else unfolded?.delete(session.id);
  });
  return details;
}

/**
 * A territory's sheet for one séance.
 * @param {SheetsPage} page
 * @param {any} session
 * @param {any} territory
 */
function sheetRow(page, session, territory) {
  const id = `sheet-${keyId(session.id)}-${keyId(territory.id)}`;
  const path = `/api/cohorts/${encodeURIComponent(page.cohort.id)}/plan/${encodeURIComponent(session.id)}/sheets/${encodeURIComponent(territory.id)}`;
  return h("li", { class: "sheet-row", dataset: { territory: territory.id } },
    h("p", { class: "sheet-territory", text: territory.name }),
    sheetViewer({
      id,
      store,
      words: {
        show: t("cohorts.sheets.show"),
        hide: t("cohorts.sheets.hide"),
        print: t("cohorts.sheets.print"),
        download: t("cohorts.sheets.download"),
        loading: t("cohorts.sheets.loading"),
        failed: (error) => refusalSentence(error, "sheets"),
        downloaded: (file) => t("cohorts.sheets.downloaded", { file }),
        described: t("cohorts.sheets.described", { territory: territory.name, title: session.title }),
      },
      load: async () => (await call(path, { raw: true })).text(),
      download: async () => (await call(`${path}?format=html`, { raw: true })).blob(),
      fileName: sheetFileName(territory.name, session.date ?? session.id),
    }));
}

