/**
 * « Fiches d'expérience » on the cohorts page (`/cohortes`): each territory's record, as its
 * binôme co-writes it from their own page (`GET /api/cohorts/:id/records`): its fields in
 * their words, its stage of maturity, its themes, who saved it last and when, the séance it
 * was reviewed in; and « Marquer comme relue en séance » with a choice among the séances
 * held (`POST …/territories/:t/record/reviewed`). What the trainer chose and which records
 * were unfolded stay across redraws.
 *
 * @module cohort-records
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, formatDay, redrawKeeping, showDone, showRefusal, whileBusy } from "./cohort-ui.js";
import { keyId } from "./actions-sheets.js";
import { TEXT_FIELDS, count, fieldLabel, isWritten, maturityLabel, normalised, savedLine } from "./record-fields.js";

/**
 * What this section needs from the page.
 * @typedef {object} RecordsPage
 * @property {any} cohort the cohort view
 * @property {any[] | null} records the territories' records, null until loaded
 * @property {(view: any) => void} update takes a new cohort view and redraws the page
 * @property {(text: string) => void} announce
 * @property {() => void} recordsChanged a record changed (the capitalisation says it)
 */

/** @param {RecordsPage} page */
function base(page) {
  return `/api/cohorts/${encodeURIComponent(page.cohort.id)}`;
}

/**
 * Loads the records; a refusal is said in the section's status line.
 * @param {RecordsPage} page
 * @returns {Promise<boolean>} whether they were loaded
 */
export async function loadRecords(page) {
  const id = page.cohort.id;
  try {
    const records = await call(`${base(page)}/records`);
    if (page.cohort?.id !== id) return false;
    page.records = records;
    return true;
  } catch (error) {
    if (error.status === 401) return false;
    showRefusal(byId("records-status"), error, "records");
    return false;
  }
}

/**
 * The séances held so far, the latest first (a record is reviewed in one of them).
 * @param {any} cohort
 * @returns {any[]}
 */
function heldSeances(cohort) {
  return cohort.plan.filter((session) => session.status !== "planned").reverse();
}

/**
 * A séance's name in the plan with its day: « Séance 1 — État des lieux (4 janv. 2027) ».
 * @param {any} session
 */
function seanceName(session) {
  const day = formatDay(session.date, { day: "numeric", month: "short", year: "numeric" });
  return day ? t("capitalisation.trainer.seanceOn", { title: session.title, date: day }) : session.title;
}

/**
 * Draws the section, keeping what was chosen and unfolded.
 * @param {RecordsPage} page
 */
export function drawRecords(page) {
  const records = page.records ?? [];
  const written = records.filter((view) => isWritten(view.record)).length;
  const reviewed = records.filter((view) => view.reviewedIn).length;
  setText(byId("records-summary"), page.records === null ? "" : records.length === 0 ? t("capitalisation.trainer.noTerritory")
    : `${count("capitalisation.trainer.written", written, { total: records.length })} · ${count("capitalisation.trainer.reviewed", reviewed)}`);
  redrawKeeping(byId("records"), () => replaceChildren(byId("records"), records.map((view) => recordCard(page, view))));
}

/**
 * One territory's record, folded under its name and where it stands.
 * @param {RecordsPage} page
 * @param {any} view
 */
function recordCard(page, view) {
  const id = `record-${keyId(view.territory)}`;
  const values = normalised(view.record);
  const written = isWritten(view.record);
  const reviewedIn = page.cohort.plan.find((session) => session.id === view.reviewedIn);
  const state = [
    written ? maturityLabel(values.maturity) : t("capitalisation.trainer.notWritten"),
    reviewedIn ? t("capitalisation.trainer.reviewedShort") : written ? t("capitalisation.trainer.notReviewedShort") : "",
  ].filter(Boolean).join(" · ");
  return h("details", { id, class: "record-card", dataset: { territory: view.territory, written: String(written) } },
    h("summary", { class: "record-summary" },
      h("span", { class: "record-name", text: view.territoryName }),
      h("span", { class: "record-state", text: state })),
    h("div", { class: "record-body" },
      h("p", { class: "record-saved", dataset: { testid: "record-saved" }, text: savedLine(view) }),
      h("p", { class: "record-reviewed", dataset: { testid: "record-reviewed", reviewed: String(Boolean(reviewedIn)) },
        text: reviewedIn ? t("capitalisation.trainer.reviewedIn", { seance: seanceName(reviewedIn) }) : t("capitalisation.trainer.notReviewed") }),
      written ? recordFields(values) : h("p", { class: "muted", text: t("capitalisation.trainer.emptyHint") }),
      reviewForm(page, view, id)));
}

/**
 * The record's fields as a list of terms: each field in its words, « Non renseigné » when empty.
 * @param {ReturnType<typeof normalised>} values
 * @returns {HTMLElement}
 */
export function recordFields(values) {
  const text = (/** @type {string} */ value) => value.trim()
    ? h("dd", { class: "record-text", text: value })
    : h("dd", { class: "record-text muted", text: t("capitalisation.empty") });
  return h("dl", { class: "record-fields" },
    h("dt", { text: fieldLabel("maturity") }),
    h("dd", {}, h("span", { class: "maturity-badge", dataset: { maturity: values.maturity || "none" }, text: maturityLabel(values.maturity) })),
    TEXT_FIELDS.map((field) => [h("dt", { text: fieldLabel(field) }), text(values[field])]),
    h("dt", { text: fieldLabel("themes") }),
    values.themes.length > 0
      ? h("dd", {}, h("ul", { class: "theme-tags" }, values.themes.map((theme) => h("li", { text: theme }))))
      : h("dd", { class: "muted", text: t("capitalisation.noThemes") }));
}

/**
 * « Marquer comme relue en séance » with the séances held to choose from.
 * @param {RecordsPage} page
 * @param {any} view
 * @param {string} id
 */
function reviewForm(page, view, id) {
  const held = heldSeances(page.cohort);
  if (held.length === 0) return h("p", { class: "hint", text: t("capitalisation.trainer.noSeanceHeld") });
  const choice = h("select", { id: `${id}-seance`, class: "input" },
    held.map((session) => h("option", { value: session.id, selected: session.id === (view.reviewedIn ?? held[0].id), text: seanceName(session) })));
  const button = h("button", { type: "submit", id: `${id}-review`, class: "button button-secondary" }, t("capitalisation.trainer.markReviewed"));
  const status = h("p", { id: `${id}-review-status`, class: "form-status", role: "status" });
  const form = h("form", { class: "record-review", novalidate: true, "aria-label": t("capitalisation.trainer.reviewNamed", { territory: view.territoryName }) },
    h("div", { class: "field" }, h("label", { for: choice.id, text: t("capitalisation.trainer.seanceLabel") }), choice),
    button,
    status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    markReviewed(page, view, /** @type {HTMLSelectElement} */ (choice).value, /** @type {HTMLButtonElement} */ (button), status);
  });
  return form;
}

/**
 * Marks a record as reviewed in a séance; the page is redrawn and says it.
 * @param {RecordsPage} page
 * @param {any} view
 * @param {string} planned
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
function markReviewed(page, view, planned, button, status) {
  const id = `record-${keyId(view.territory)}`;
  whileBusy(button, async () => {
    clearStatus(status);
    try {
      const cohort = await call(`${base(page)}/territories/${encodeURIComponent(view.territory)}/record/reviewed`, { method: "POST", body: { planned } });
      await loadRecords(page);
      page.recordsChanged();
      page.update(cohort);
      const session = cohort.plan.find((one) => one.id === planned);
      const text = t("capitalisation.trainer.reviewedDone", { territory: view.territoryName, seance: session ? seanceName(session) : planned });
      const line = document.getElementById(`${id}-review-status`);
      if (line) showDone(line, text);
      document.getElementById(`${id}-review`)?.focus();
      page.announce(text);
    } catch (error) {
      showRefusal(status, error, "records");
    }
  });
}
